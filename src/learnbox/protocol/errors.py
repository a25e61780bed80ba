"""The one error the wire format raises: a message that says exactly what is wrong and where."""

from __future__ import annotations


class ProtocolError(ValueError):
    """A message that does not follow the protocol; ``reason`` is safe to send back to the client."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
