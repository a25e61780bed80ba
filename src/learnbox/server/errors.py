"""API errors: an HTTP status, a stable machine code and a reason a field worker can read."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, code: str, reason: str, retry_after_s: int | None = None) -> None:
        super().__init__(f"{status} {code}: {reason}")
        self.status = status
        self.code = code
        self.reason = reason
        self.retry_after_s = retry_after_s


def bad_request(reason: str) -> ApiError:
    return ApiError(400, "bad_request", reason)


def invalid(reason: str) -> ApiError:
    return ApiError(422, "invalid", reason)


def forbidden(code: str, reason: str) -> ApiError:
    return ApiError(403, code, reason)


def unauthorised(code: str, reason: str) -> ApiError:
    return ApiError(401, code, reason)


def conflict(code: str, reason: str) -> ApiError:
    return ApiError(409, code, reason)
