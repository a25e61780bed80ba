"""Roaming: a learner signs in on another enrolled PC with their learner code and PIN.

A PIN is required: learner codes are shown on screen on shared PCs, so a code alone would let
anyone pull someone else's history onto their PC. A learner without a PIN is refused with
``pin_required`` (403) and told to set one on their own computer first (and let it sync).

The PIN is checked against the scrypt hash from their profile events, outside the write lock
(it is deliberately slow); the outcome is then recorded under a row lock, and a lockout taken
meanwhile wins over a correct PIN, so parallel guessing gains at most the requests in flight.
The lockout lives in the database, shared by every server process.
"""

from __future__ import annotations

from sqlalchemy import select

from learnbox.core import pin as pins
from learnbox.core.ids import normalise_code
from learnbox.protocol.messages import RoamRequest, RoamResponse
from learnbox.server import sequence
from learnbox.server.db import SERVER_SEQ, Database
from learnbox.server.errors import ApiError
from learnbox.server.models import Device, DeviceLearner, Learner


def roam(db: Database, device: Device, request: RoamRequest, now_ms: int) -> RoamResponse:
    code = normalise_code(request.learner_code)
    with db.read() as session:
        candidates = session.scalars(select(Learner).where(Learner.learner_code == code).limit(5)).all()
    if not candidates:
        raise ApiError(404, "unknown_learner", "no learner has this code; check it for typing mistakes")
    candidates = [c for c in candidates if c.pin_hash]
    if not candidates:
        raise ApiError(
            403,
            "pin_required",
            "this learner has no PIN, and roaming needs one: set a PIN first on the learner's own "
            "computer, sync it, then sign in here with the learner code and PIN",
        )
    for learner in candidates:
        state = pins.Lockout(learner.pin_failures, learner.pin_locked_until_ms)
        if pins.remaining_lock_ms(state, now_ms) > 0:
            raise _locked(pins.remaining_lock_ms(state, now_ms))
    match = next((c for c in candidates if c.pin_hash and pins.verify_pin(request.pin, c.pin_hash)), None)
    outcome: ApiError | RoamResponse
    # serialise: no event commits between reading ``upto`` and committing the hosting row, so the
    # history fetch (<= upto) and later pulls (which see the hosting row) cover everything.
    with db.write() as session:
        target = match or candidates[0]
        locked = session.get(Learner, target.learner_id, with_for_update=True)
        assert locked is not None  # learners are never deleted
        learner = locked
        state = pins.Lockout(learner.pin_failures, learner.pin_locked_until_ms)
        if pins.remaining_lock_ms(state, now_ms) > 0:
            outcome = _locked(pins.remaining_lock_ms(state, now_ms))
        elif match is None:
            state = pins.after_failure(state, now_ms)
            learner.pin_failures, learner.pin_locked_until_ms = state.failures, state.locked_until_ms
            left = pins.MAX_FAILURES - state.failures if state.failures else 0
            outcome = (
                ApiError(403, "wrong_pin", f"wrong PIN; {left} tries left before a pause")
                if left
                else _locked(pins.LOCKOUT_MS)
            )
        else:
            learner.pin_failures, learner.pin_locked_until_ms = 0, 0
            if session.get(DeviceLearner, (device.device_id, learner.learner_id)) is None:
                session.add(
                    DeviceLearner(
                        device_id=device.device_id, learner_id=learner.learner_id, since_ms=now_ms, via="roamed"
                    )
                )
            session.flush()
            outcome = RoamResponse(learner.learner_id, learner.display_name, sequence.current(session, SERVER_SEQ))
    # Commit first (the failure count must stick), then answer.
    if isinstance(outcome, ApiError):
        raise outcome
    return outcome


def _locked(ms: int) -> ApiError:
    seconds = max(1, ms // 1000)
    return ApiError(429, "pin_locked", f"too many wrong PINs; try again in {seconds} seconds", seconds)
