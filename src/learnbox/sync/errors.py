"""Sync failures, each carrying a message in plain words for field staff (translated).

``str(error)`` is what the sync panel and the terminal show; ``detail`` keeps the technical
reason for the log.
"""

from __future__ import annotations

from learnbox.i18n import _


class SyncError(Exception):
    """Base class: ``str(exc)`` is a translated, plain-language message."""

    retryable = False

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__(_("This PC is not connected to a server yet. Enrol it with a code from the programme office."))


class Unreachable(SyncError):
    retryable = True

    def __init__(self, server: str, detail: str = "") -> None:
        super().__init__(
            _("Cannot reach the server {server}. Check the internet connection; work is kept on this PC.").format(
                server=server
            ),
            detail,
        )


class ServerBusy(SyncError):
    retryable = True

    def __init__(self, detail: str = "") -> None:
        super().__init__(_("The server is busy or having a problem. LearnBox will try again later."), detail)


class Revoked(SyncError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(_("This PC is no longer enrolled; ask the programme office for a new code."), detail)


class Rejected(SyncError):
    """The server refused what we sent (a bug or a conflict); its reason is shown as is."""

    def __init__(self, reason: str, code: str = "") -> None:
        super().__init__(_("The server refused the data from this PC: {reason}").format(reason=reason), code)
        self.code = code
        self.reason = reason


class EnrolmentFailed(SyncError):
    pass


class RoamingFailed(SyncError):
    def __init__(self, message: str, detail: str = "", retry_after_s: int | None = None) -> None:
        super().__init__(message, detail)
        self.retry_after_s = retry_after_s


class DiskFull(SyncError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(_("The disk of this PC is full. Free some space; nothing was lost."), detail)


class LocalStoreError(SyncError):
    pass


class Cancelled(SyncError):
    def __init__(self) -> None:
        super().__init__(_("Sync was stopped. It will carry on from where it stopped."))
