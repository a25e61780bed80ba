"""What the client remembers about sync, in the store's settings (keys ``sync.*``, JSON values)."""

from __future__ import annotations

from typing import Any

from learnbox.storage import Store
from learnbox.sync.errors import SyncError

SERVER_URL = "sync.server_url"
TOKEN = "sync.token"
CENTRE_ID = "sync.centre_id"
CENTRE_NAME = "sync.centre_name"
PULL_CURSOR = "sync.pull_cursor"
LAST_SUCCESS = "sync.last_success_ms"
LAST_ATTEMPT = "sync.last_attempt_ms"
LAST_ERROR = "sync.last_error"
LAST_ERROR_DETAIL = "sync.last_error_detail"
SKEW = "sync.skew_ms"
ROAM_PENDING = "sync.roam_pending"


def server_url(store: Store) -> str | None:
    value = store.get_setting(SERVER_URL)
    return str(value) if value else None


def token(store: Store) -> str | None:
    value = store.get_setting(TOKEN)
    return str(value) if value else None


def save_enrolment(store: Store, url: str, token_: str, centre_id: str, centre_name: str) -> None:
    if store.get_setting(SERVER_URL) != url:
        store.set_setting(PULL_CURSOR, 0)  # another server numbers its events differently
    store.set_setting(SERVER_URL, url)
    store.set_setting(TOKEN, token_)
    store.set_setting(CENTRE_ID, centre_id)
    store.set_setting(CENTRE_NAME, centre_name)
    store.set_setting(LAST_ERROR, None)
    store.set_setting(LAST_ERROR_DETAIL, None)


def pull_cursor(store: Store) -> int:
    value = store.get_setting(PULL_CURSOR, 0)
    return value if isinstance(value, int) and value >= 0 else 0


def set_pull_cursor(store: Store, cursor: int) -> None:
    store.set_setting(PULL_CURSOR, int(cursor))


def set_attempt(store: Store, now_ms: int) -> None:
    store.set_setting(LAST_ATTEMPT, now_ms)


def set_success(store: Store, now_ms: int, skew_ms: int | None) -> None:
    store.set_setting(LAST_SUCCESS, now_ms)
    store.set_setting(LAST_ERROR, None)
    store.set_setting(LAST_ERROR_DETAIL, None)
    if skew_ms is not None:
        store.set_setting(SKEW, skew_ms)


def set_failure(store: Store, error: SyncError) -> None:
    try:
        store.set_setting(LAST_ERROR, error.message)
        store.set_setting(LAST_ERROR_DETAIL, error.detail)
    except Exception:  # a full disk may refuse even this; the caller still gets the error
        pass


def pending_roams(store: Store) -> dict[str, tuple[int, int]]:
    raw: Any = store.get_setting(ROAM_PENDING, {})
    out: dict[str, tuple[int, int]] = {}
    if isinstance(raw, dict):
        for learner_id, entry in raw.items():
            if isinstance(entry, dict) and isinstance(entry.get("since"), int) and isinstance(entry.get("upto"), int):
                out[str(learner_id)] = (entry["since"], entry["upto"])
    return out


def add_pending_roam(store: Store, learner_id: str, upto: int, since: int = 0) -> None:
    pending = {k: {"since": s, "upto": u} for k, (s, u) in pending_roams(store).items()}
    pending[learner_id] = {"since": since, "upto": upto}
    store.set_setting(ROAM_PENDING, pending)


def finish_roam(store: Store, learner_id: str) -> None:
    pending = {k: {"since": s, "upto": u} for k, (s, u) in pending_roams(store).items() if k != learner_id}
    store.set_setting(ROAM_PENDING, pending)
