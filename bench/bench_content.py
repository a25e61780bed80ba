"""Content loading speed on the bundled content: prints numbers, asserts nothing.

    .venv/bin/python bench/bench_content.py [PATH] [--runs N]

Targets (from the team brief): Catalog.open + courses() a few ms; one lesson (load + render)
well under 50 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from learnbox.content import Catalog, ContentError  # noqa: E402


def _ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first run, median of the rest) in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:] or times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default=str(REPO / "content"))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    start = time.perf_counter()
    from learnbox.content import render  # import cost is part of the first lesson

    print(f"import learnbox.content.render: {(time.perf_counter() - start) * 1000:.1f} ms")

    def open_and_list() -> None:
        cat = Catalog.open(args.path)
        for cid in cat.course_ids():
            with contextlib.suppress(ContentError):  # an unfinished course; the validator reports it
                cat.course(cid, "vi")

    first, median = _ms(open_and_list, args.runs)
    print(f"Catalog.open + courses('vi'): first {first:.1f} ms, median {median:.1f} ms")

    catalog = Catalog.open(args.path)
    lessons: list[tuple[str, str]] = []
    for cid in catalog.course_ids():
        try:
            lessons += [(cid, ref.id) for ref in catalog.course(cid, "vi").lessons]
        except ContentError as exc:
            print(f"  skipped {cid}: {exc}")
    if not lessons:
        print("no loadable lessons")
        return 0

    def open_lessons(fresh: bool) -> Callable[[], None]:
        def run() -> None:
            cat = Catalog.open(args.path) if fresh else catalog
            for cid, lid in lessons:
                try:
                    lesson = cat.lesson(cid, lid, "vi")
                except ContentError:
                    continue
                render.lesson_html(lesson.body, cid)

        return run

    first, median = _ms(open_lessons(True), max(3, args.runs // 4))
    print(
        f"lesson load + render, cold cache: {median / len(lessons):.2f} ms per lesson "
        f"(median over runs, {len(lessons)} lessons; first run {first / len(lessons):.2f} ms)"
    )
    first, median = _ms(open_lessons(False), args.runs)
    print(f"lesson load + render, warm cache: {median / len(lessons):.2f} ms per lesson")
    print(f"content_version: {catalog.content_version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
