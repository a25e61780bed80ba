"""A TCP proxy that cuts connections at random points of requests and responses."""

from __future__ import annotations

import contextlib
import random
import socket
import threading


class ChaosProxy:
    """Forwards 127.0.0.1:<port> to ``upstream``; each connection is cut with probability ``p``
    after a random number of bytes in a random direction (mid-request or mid-response)."""

    def __init__(self, upstream_port: int, p: float, seed: int = 0) -> None:
        self.upstream_port = upstream_port
        self.p = p
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.cuts = 0
        self.connections = 0
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = int(self.listener.getsockname()[1])
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.closed = True
        self.listener.close()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
                cut = self.rng.random() < self.p
                budget = self.rng.randint(0, 8_000) if cut else -1
                direction = self.rng.choice(("up", "down"))
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                client.close()
                continue
            state = {"open": True}
            for src, dst, name in ((client, server, "up"), (server, client, "down")):
                limit = budget if direction == name else -1
                threading.Thread(target=self._pipe, args=(src, dst, limit, state), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, limit: int, state: dict[str, bool]) -> None:
        sent = 0
        try:
            while state["open"]:
                data = src.recv(4096)
                if not data:
                    break
                if limit >= 0 and sent + len(data) > limit:
                    dst.sendall(data[: max(0, limit - sent)])
                    with self.lock:
                        self.cuts += 1
                    break
                dst.sendall(data)
                sent += len(data)
        except OSError:
            pass
        finally:
            state["open"] = False
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
