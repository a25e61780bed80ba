"""When to sync automatically: a pure policy the UI drives with a timer (no Qt, no threads here).

Every ``interval`` while enrolled; after failures, wait longer (doubling, capped) so an offline
centre does not spend its battery and bandwidth knocking; a success or a "Sync now" resets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MINUTE_MS = 60_000


@dataclass
class AutoSyncPolicy:
    interval_ms: int = 10 * MINUTE_MS
    first_retry_ms: int = 1 * MINUTE_MS
    max_backoff_ms: int = 60 * MINUTE_MS
    failures: int = field(default=0, init=False)
    last_attempt_ms: int | None = field(default=None, init=False)
    running: bool = field(default=False, init=False)

    def next_due_ms(self) -> int | None:
        """When the next automatic sync is due (absolute ms), or None if one should start now."""
        if self.last_attempt_ms is None:
            return None
        if self.failures == 0:
            return self.last_attempt_ms + self.interval_ms
        backoff = min(self.max_backoff_ms, self.first_retry_ms * 2 ** (self.failures - 1))
        return self.last_attempt_ms + backoff

    def should_start(self, now_ms: int, enrolled: bool) -> bool:
        if not enrolled or self.running:
            return False
        due = self.next_due_ms()
        return due is None or now_ms >= due

    def started(self, now_ms: int) -> None:
        self.running = True
        self.last_attempt_ms = now_ms

    def finished(self, ok: bool, retryable: bool = True) -> None:
        """Record the outcome; a non-retryable failure (e.g. revoked) waits the longest backoff."""
        self.running = False
        if ok:
            self.failures = 0
        elif retryable:
            self.failures += 1
        else:
            self.failures = max(self.failures, 16)

    def manual_request(self) -> None:
        """"Sync now": forget the backoff (the caller starts a sync right away)."""
        self.failures = 0
