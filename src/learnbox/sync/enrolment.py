"""Enrol this PC with a server: spend a one-time code, keep the device token in the local store."""

from __future__ import annotations

import logging
import platform

from learnbox.i18n import _
from learnbox.protocol.messages import EnrolRequest
from learnbox.storage import Store
from learnbox.sync import state
from learnbox.sync.errors import EnrolmentFailed, Rejected
from learnbox.sync.http import ApiFailure, SyncClient, normalise_server_url

log = logging.getLogger(__name__)

_CODE_MESSAGES = {
    "bad_code": lambda: _("This enrolment code is not known. Check it for typing mistakes."),
    "code_used": lambda: _("This enrolment code has already been used. Ask the programme office for a new one."),
    "code_expired": lambda: _("This enrolment code has expired. Ask the programme office for a new one."),
    "device_known": lambda: _(
        "The server already knows this PC under another enrolment. Ask the programme office to check "
        "the device list."
    ),
}


def enrol(store: Store, server_url: str, code: str, client: SyncClient | None = None) -> str:
    """Enrol with ``server_url`` using ``code``; returns the centre's name. Raises SyncError."""
    url = normalise_server_url(server_url)
    if not "".join(c for c in code if c.isalnum()):
        raise EnrolmentFailed(_("Type the enrolment code from the programme office."))
    http = client or SyncClient(url)
    try:
        answer = http.enrol(EnrolRequest(code=code, device_id=store.device_id, device_name=platform.node()[:200]))
    except (ApiFailure, Rejected) as exc:
        code_ = exc.body.error if isinstance(exc, ApiFailure) else exc.code
        message = _CODE_MESSAGES.get(code_)
        raise EnrolmentFailed(message() if message else exc.message, code_) from exc
    finally:
        if client is None:
            http.close()
    if answer.device_id != store.device_id:
        raise EnrolmentFailed(_("The server answered for another PC; enrolment was not saved."), answer.device_id)
    state.save_enrolment(store, url, answer.token, answer.centre_id, answer.centre_name)
    # A re-enrolled PC whose events the server already holds need not send them again.
    if answer.acked_seq > store.acked_seq():
        store.mark_acked(min(answer.acked_seq, store.last_device_seq()))
    log.info("enrolled with %s (centre %s)", url, answer.centre_name)
    return answer.centre_name
