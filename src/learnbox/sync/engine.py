"""The sync engine: push this PC's events (the outbox), then pull what the server has for it.

The outbox is the local event log itself: every event of this device above the acknowledged
``device_seq`` waits to be sent. Nothing is buffered per session, so an interrupted sync
(network cut, process killed) resumes from the last acknowledgement / the last stored page:

* push: send batches in device_seq order; mark acknowledged what the server says it holds
  contiguously. Resending is harmless (the server skips known event ids).
* pull: page by server_seq from the saved cursor; each page is stored before the cursor moves.
* roaming: a learner's history up to the server_seq given at sign-in is fetched page by page;
  the pending fetch is saved, so it also resumes after a crash.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from learnbox.core.events import Event
from learnbox.i18n import _
from learnbox.protocol import MAX_BATCH_EVENTS
from learnbox.protocol.messages import RoamRequest
from learnbox.storage import Store
from learnbox.storage.errors import StorageFullError, StoreError
from learnbox.sync import state
from learnbox.sync.errors import Cancelled, DiskFull, LocalStoreError, NotEnrolled, Rejected, SyncError
from learnbox.sync.http import PulledPage, SyncClient

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SyncResult:
    pushed: int  # events the server newly acknowledged
    pulled: int  # events new to this PC
    skew_ms: int | None
    duration_s: float


class SyncEngine:
    def __init__(
        self,
        store: Store,
        client: SyncClient,
        *,
        batch_size: int = 1000,
        page_size: int = 2000,
        clock_ms: Callable[[], int] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.batch_size = min(batch_size, MAX_BATCH_EVENTS)
        self.page_size = page_size
        self._clock_ms = clock_ms or (lambda: time.time_ns() // 1_000_000)

    @classmethod
    def for_store(cls, store: Store, **client_kwargs: Any) -> SyncEngine:
        """An engine talking to the server this store is enrolled with."""
        url, token = state.server_url(store), state.token(store)
        if not url or not token:
            raise NotEnrolled()
        return cls(store, SyncClient(url, token, **client_kwargs))

    # ---------------------------------------------------------------------------- sync
    def run(self, progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None) -> SyncResult:
        """One full sync; records success or the failure (in plain words) in the store's settings."""
        report = progress or (lambda _d, _t, _m: None)
        cancel = should_cancel or (lambda: False)
        self.client.should_cancel = cancel
        started = time.monotonic()
        state.set_attempt(self.store, self._clock_ms())
        try:
            pushed, skew = self._push(report, cancel)
            pulled = self._pull(report, cancel)
            pulled += self._fetch_roamed(report, cancel)
        except SyncError as exc:
            state.set_failure(self.store, exc)
            raise
        except StorageFullError as exc:
            err = DiskFull(str(exc))
            state.set_failure(self.store, err)
            raise err from exc
        except StoreError as exc:
            err2 = LocalStoreError(str(exc))
            state.set_failure(self.store, err2)
            raise err2 from exc
        state.set_success(self.store, self._clock_ms(), skew)
        report(1, 1, _("Up to date"))
        return SyncResult(pushed, pulled, skew, time.monotonic() - started)

    def _push(self, report: Progress, cancel: Callable[[], bool]) -> tuple[int, int | None]:
        """Send the outbox in device_seq order, preparing batch k+1 while the server stores batch k.

        The HTTP request runs in a helper thread; this thread meanwhile reads and encodes the next
        batch on the assumption that the server acknowledges the current one whole (it nearly
        always does). When it answers anything else, the guess is dropped and the next batch is
        read again from its acknowledgement. The next batch is sent before the acknowledgement
        is committed locally (an fsync), so that too overlaps the server's work. Store reads and
        writes stay on this thread (the store keeps one connection per thread).
        """
        total = self.store.pending_count()
        start_acked = self.store.acked_seq()
        cursor = start_acked
        skew: int | None = None
        if cancel():
            raise Cancelled()
        batch, body = self._prepare(cursor)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="learnbox-push") as http:
            request = http.submit(self.client.push_encoded, body, batch)  # empty: checks in, measures skew
            while True:
                guess_after = batch[-1].device_seq if batch else cursor
                try:
                    upcoming = self._prepare(guess_after) if batch else None
                finally:
                    answer = request.result()  # a failed request raises here, before anything moves
                skew = answer.skew_ms
                acked = answer.acked_seq
                newly_acked: int | None = None
                if acked < cursor:
                    # The server holds less than we thought (restored from a backup): resend from there.
                    log.warning("server acknowledges %d < local %d: resending from there", acked, cursor)
                    batch, body = self._prepare(acked)
                else:
                    if batch and acked <= cursor:
                        raise Rejected(f"the server stored the batch but acknowledges only up to {acked}", "stuck")
                    newly_acked = acked
                    if batch:
                        batch, body = upcoming if upcoming is not None and acked == guess_after else self._prepare(acked)
                cursor = acked
                stop = cancel()
                if batch and not stop:  # the next batch travels while this thread records the acknowledgement
                    request = http.submit(self.client.push_encoded, body, batch)
                if newly_acked is not None:
                    # Never past what this PC holds: a server ahead of it (the PC restored from an
                    # old backup) would otherwise hide the events recorded next, which reuse those
                    # sequence numbers, and they would never be sent (as in enrolment.enrol).
                    self.store.mark_acked(min(newly_acked, self.store.last_device_seq()))
                    done = max(0, cursor - start_acked)
                    report(min(done, total), max(total, done), _("Sending progress"))
                if not batch:
                    break
                if stop:
                    raise Cancelled()
        return max(0, self.store.acked_seq() - start_acked), skew

    def _prepare(self, after_seq: int) -> tuple[list[Event], bytes]:
        batch = self.store.own_events_after(after_seq, self.batch_size)
        return batch, self.client.encode_push(batch)

    def _pull(self, report: Progress, cancel: Callable[[], bool]) -> int:
        cursor = state.pull_cursor(self.store)
        new = 0
        reset = False
        while True:
            if cancel():
                raise Cancelled()
            try:
                page = self.client.pull(cursor, self.page_size)
            except Rejected as exc:
                if exc.code == "cursor_ahead" and not reset:
                    log.warning("server is behind our cursor %d (database replaced?): pulling from 0", cursor)
                    cursor, reset = 0, True
                    continue
                raise
            new += self._store_page(page)
            cursor = page.next_cursor
            state.set_pull_cursor(self.store, cursor)
            report(new, new, _("Receiving progress"))
            if not page.more:
                return new

    def _store_page(self, page: PulledPage) -> int:
        seqs = {ev.event_id: s for ev, s in zip(page.events, page.server_seqs, strict=False)}
        return self.store.ingest(page.events, seqs)

    # ---------------------------------------------------------------------------- roaming
    def roam(self, learner_code: str, pin: str, progress: Progress | None = None) -> str:
        """Sign a learner from another PC in here: returns their id once their history is local."""
        answer = self.client.roam(RoamRequest(learner_code, pin))
        state.add_pending_roam(self.store, answer.learner_id, answer.upto)
        self._fetch_roamed(progress or (lambda _d, _t, _m: None), self.client.should_cancel)
        return answer.learner_id

    def _fetch_roamed(self, report: Progress, cancel: Callable[[], bool]) -> int:
        new = 0
        for learner_id, (since, upto) in state.pending_roams(self.store).items():
            while True:
                if cancel():
                    raise Cancelled()
                page = self.client.history(learner_id, since, upto, self.page_size)
                new += self._store_page(page)
                since = page.next_cursor
                report(new, new, _("Receiving progress"))
                if not page.more:
                    state.finish_roam(self.store, learner_id)
                    break
                state.add_pending_roam(self.store, learner_id, upto, since)
        return new
