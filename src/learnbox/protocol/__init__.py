"""The versioned sync wire format shared by learnbox-server and the client (pure: no I/O, no HTTP).

Version 1 lives under ``/api/v1``. A newer server keeps answering ``/api/v1`` for old clients;
a breaking change gets ``/api/v2`` and a new module here, never an edit of v1's meaning.
"""

from __future__ import annotations

API_VERSION = 1
API_PREFIX = "/api/v1"

#: The device id of events the server itself writes (certificate.issued/rejected/revoked...).
SERVER_DEVICE_ID = "00000000-0000-7000-8000-000000000000"

#: Request header carrying the device's wall clock (ms) when it sent the request: skew = server - device.
DEVICE_TIME_HEADER = "X-Device-Time"

#: Limits. A client never needs more; a server refuses more with 413 / 422.
MAX_BATCH_EVENTS = 2000
MAX_PULL_EVENTS = 5000
MAX_BODY_BYTES = 4 * 1024 * 1024  # as sent (gzip)
MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024
#: 3000-01-01T00:00:00Z: a device time beyond this is a broken clock or an attack, not a learner.
MAX_TIME_MS = 32_503_680_000_000
MAX_SEQ = 2**53 - 1  # exact in every JSON implementation

__all__ = [
    "API_PREFIX",
    "API_VERSION",
    "DEVICE_TIME_HEADER",
    "MAX_BATCH_EVENTS",
    "MAX_BODY_BYTES",
    "MAX_DECOMPRESSED_BYTES",
    "MAX_PULL_EVENTS",
    "MAX_SEQ",
    "MAX_TIME_MS",
    "SERVER_DEVICE_ID",
]
