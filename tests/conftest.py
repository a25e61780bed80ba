"""Shared fixtures: a fresh data folder per test, the small fixture course, a controllable clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"
REPO = Path(__file__).resolve().parent.parent


class FakeClock:
    """Milliseconds that only move when a test says so."""

    def __init__(self, start_ms: int = 1_795_000_000_000) -> None:
        self.now = start_ms

    def __call__(self) -> int:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fixture_content() -> Path:
    return FIXTURE_CONTENT


@pytest.fixture
def lb(tmp_path: Path, clock: FakeClock) -> Iterator[object]:
    from learnbox.services import LearnBox

    box = LearnBox.open(tmp_path / "data", FIXTURE_CONTENT, clock=clock)
    yield box
    box.close()


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Every test starts in English, the source language, so messages read as written in the code.

    (The app's default is Vietnamese; now that a Vietnamese catalog exists, tests that assert on
    English text would otherwise see Vietnamese.) UI tests switch to Vietnamese explicitly.
    """
    from learnbox.i18n import current_language, set_language

    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


# In CI a skipped test is a failure: a missing tool (chromium, poppler, PostgreSQL) or spec file
# must never make tests vanish silently. Skips meant for developers' machines only say why;
# skips that CI may take too (refreshing screenshots on demand) start with "on demand:".
ON_DEMAND = "on demand:"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int) -> None:
    if not os.environ.get("CI"):
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if ON_DEMAND not in str(r.longrepr)]
    if not skipped:
        return
    terminalreporter.section("skipped in CI", sep="=", red=True)
    for report in skipped:
        terminalreporter.write_line(f"{report.nodeid}: {report.longrepr}")
    terminalreporter.write_line(f"{len(skipped)} test(s) skipped in CI: install what they need in .ci/run")
    terminalreporter._session.exitstatus = pytest.ExitCode.TESTS_FAILED  # type: ignore[attr-defined]
