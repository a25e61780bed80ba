"""Sync for the UI (no Qt): status for the sync panel, enrol, "Sync now", learner roaming.

``status()`` is cheap and local (safe on the UI thread). ``enrol``, ``sync_now`` and ``roam``
block on the network: call them from a worker thread. They never run at the same time (one
lock), so an automatic sync and a "Sync now" cannot push the same batch twice in parallel.
Errors are :class:`learnbox.sync.errors.SyncError` whose ``str()`` is a translated, plain
message for field staff.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from learnbox.i18n import _
from learnbox.storage import Store
from learnbox.sync import state
from learnbox.sync.engine import SyncEngine, SyncResult
from learnbox.sync.enrolment import enrol as enrol_device
from learnbox.sync.errors import NotEnrolled, RoamingFailed, SyncError
from learnbox.sync.http import ApiFailure, SyncClient
from learnbox.sync.issuer import refresh_issuer_keys
from learnbox.sync.schedule import AutoSyncPolicy

log = logging.getLogger(__name__)

#: Device clocks further off than this are worth telling field staff about.
SKEW_WARNING_MS = 5 * 60 * 1000

__all__ = ["SKEW_WARNING_MS", "AutoSyncPolicy", "SyncError", "SyncResult", "SyncService", "SyncStatus"]


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str | None
    centre_name: str | None
    last_success_ms: int | None
    last_attempt_ms: int | None
    pending_events: int
    last_error: str | None  # plain words, translated when it was recorded
    clock_skew_ms: int | None  # server - this PC; large values mean this PC's clock is wrong
    running: bool

    @property
    def clock_warning(self) -> bool:
        return self.clock_skew_ms is not None and abs(self.clock_skew_ms) > SKEW_WARNING_MS


class SyncService:
    def __init__(self, store: Store, client_factory: Callable[[str, str | None], SyncClient] | None = None) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._running = False
        self._client_factory = client_factory or (lambda url, token: SyncClient(url, token))
        self.policy = AutoSyncPolicy()

    def status(self) -> SyncStatus:
        s = self.store
        last_error = s.get_setting(state.LAST_ERROR)
        skew = s.get_setting(state.SKEW)
        return SyncStatus(
            enrolled=bool(state.server_url(s) and state.token(s)),
            server_url=state.server_url(s),
            centre_name=s.get_setting(state.CENTRE_NAME),
            last_success_ms=s.get_setting(state.LAST_SUCCESS),
            last_attempt_ms=s.get_setting(state.LAST_ATTEMPT),
            pending_events=s.pending_count(),
            last_error=str(last_error) if last_error else None,
            clock_skew_ms=int(skew) if isinstance(skew, int) else None,
            running=self._running,
        )

    def enrol(self, server_url: str, code: str) -> None:
        with self._lock:
            # A PC that was enrolled before proves it is the same PC with its current token.
            client = self._client_factory(server_url, state.token(self.store))
            try:
                enrol_device(self.store, server_url, code, client)
            finally:
                client.close()
            refresh_issuer_keys(self.store, state.server_url(self.store) or server_url)

    def sync_now(
        self,
        progress: Callable[[int, int, str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> SyncResult:
        with self._lock:
            self._running = True
            engine = self._engine()
            try:
                result = engine.run(progress, should_cancel)
            finally:
                engine.client.close()
                self._running = False
            # After the pull, so a certificate that just arrived can be checked against a new key.
            refresh_issuer_keys(self.store, state.server_url(self.store) or "")
            return result

    def roam(self, learner_code: str, pin: str) -> str:
        """Bring a learner's history from the server; returns their learner id."""
        with self._lock:
            engine = self._engine()
            try:
                return engine.roam(learner_code, pin)
            except ApiFailure as exc:
                raise _roaming_error(exc) from exc
            finally:
                engine.client.close()

    def auto_sync_due(self, now_ms: int | None = None) -> bool:
        """For the UI's timer: should an automatic sync start now?"""
        now = now_ms if now_ms is not None else time.time_ns() // 1_000_000
        return self.policy.should_start(now, bool(state.server_url(self.store) and state.token(self.store)))

    def auto_sync(self, now_ms: int | None = None) -> SyncResult | None:
        """Run a sync if the policy says so; failures are recorded (see status()), not raised."""
        now = now_ms if now_ms is not None else time.time_ns() // 1_000_000
        if not self.auto_sync_due(now):
            return None
        self.policy.started(now)
        try:
            result = self.sync_now()
        except SyncError as exc:
            log.info("automatic sync failed: %s (%s)", exc.message, exc.detail)
            self.policy.finished(False, exc.retryable)
            return None
        except BaseException:
            # An unexpected error (a bug) must not leave the policy "running" forever, which
            # would silently stop every later automatic sync until LearnBox is restarted.
            self.policy.finished(False)
            raise
        self.policy.finished(True)
        return result

    def _engine(self) -> SyncEngine:
        url, token = state.server_url(self.store), state.token(self.store)
        if not url or not token:
            raise NotEnrolled()
        return SyncEngine(self.store, self._client_factory(url, token))


def _roaming_error(exc: ApiFailure) -> RoamingFailed:
    code = exc.body.error
    if code == "unknown_learner":
        return RoamingFailed(_("No learner has this code. Check it for typing mistakes."), code)
    if code == "pin_required":
        # Roaming needs a PIN: the learner code is visible on shared PCs, so it cannot be the only key.
        return RoamingFailed(
            _(
                "This learner has no PIN yet. Set a PIN on your own computer first and let it sync, "
                "then sign in here with your learner code and PIN."
            ),
            code,
        )
    if code == "wrong_pin":
        return RoamingFailed(_("Wrong PIN. Try again."), exc.body.reason)
    if code == "pin_locked":
        seconds = exc.body.retry_after_s or 60
        minutes = max(1, (seconds + 59) // 60)
        return RoamingFailed(
            _("Too many wrong PINs. Try again in {minutes} minutes.").format(minutes=minutes), code, seconds
        )
    return RoamingFailed(exc.message, code)
