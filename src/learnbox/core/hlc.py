"""Hybrid logical clock (Kulkarni et al. 2014).

A stamp orders events causally across devices even when device clocks are wrong: it never goes
backwards on one device and always moves past any stamp the device has seen from elsewhere.
Stamps are encoded as fixed-width strings so that plain string comparison orders them.
"""

from __future__ import annotations

from dataclasses import dataclass

_NODE_WIDTH = 8


@dataclass(frozen=True, order=True)
class HLC:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:015d}.{self.counter:06d}.{self.node[:_NODE_WIDTH]}"

    @classmethod
    def decode(cls, text: str) -> HLC:
        wall, counter, node = text.split(".", 2)
        return cls(int(wall), int(counter), node)


def tick(last: HLC | None, now_ms: int, node: str) -> HLC:
    """The stamp for a local event, given the last stamp this device issued or observed."""
    if last is None or now_ms > last.wall_ms:
        return HLC(now_ms, 0, node)
    return HLC(last.wall_ms, last.counter + 1, node)


def observe(last: HLC | None, remote: HLC, now_ms: int, node: str) -> HLC:
    """The device's clock after receiving ``remote``; later local ticks sort after it."""
    candidates = [now_ms, remote.wall_ms] + ([last.wall_ms] if last else [])
    wall = max(candidates)
    counter = 0
    if last is not None and wall == last.wall_ms:
        counter = max(counter, last.counter + 1)
    if wall == remote.wall_ms:
        counter = max(counter, remote.counter + 1)
    return HLC(wall, counter, node)
