"""Service-level timings on a big database (2,000 profiles, 1,000,000 events).

Prints medians; the UI-level numbers (cold start to a painted picker, RSS) are in bench_ui.py.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from populate import big_database

from learnbox.services import LearnBox


def median_ms(fn, runs: int = 7) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    t = time.perf_counter()
    folder = big_database()
    print(f"database ready in {time.perf_counter() - t:.1f} s: {folder}")
    lb = LearnBox.open(folder)
    print(f"events: {lb.store.event_count():,}  profiles: {len(lb.learners.list_profiles()):,}")
    print(f"list 2,000 profiles:           {median_ms(lb.learners.list_profiles):7.1f} ms")
    print(f"search 'nguyen':               {median_ms(lambda: lb.learners.search('nguyen')):7.1f} ms")
    someone = next(p for p in lb.learners.list_profiles() if not p.has_pin)
    with_pin = next(p for p in lb.learners.list_profiles() if p.has_pin)

    def sign_in_home() -> None:
        lb.learners.sign_in(someone.learner_id, None)
        lb.courses.overview(someone.learner_id, "vi")

    def sign_in_pin_home() -> None:
        lb.learners.sign_in(with_pin.learner_id, "1234")
        lb.courses.overview(with_pin.learner_id, "vi")

    print(
        f"sign-in + home data (no PIN):  {median_ms(sign_in_home):7.1f} ms  (target <= 100 ms incl. painting)"
    )
    print(f"sign-in + home data (PIN):     {median_ms(sign_in_pin_home):7.1f} ms")
    course = lb.courses.available("vi")[0]
    lesson = course.lessons[0].id
    print(
        f"lesson open (load+render+log): {median_ms(lambda: lb.lessons.open(someone.learner_id, course.id, lesson, 'vi')):7.1f} ms"
        "  (target <= 50 ms)"
    )
    lb.close()


if __name__ == "__main__":
    main()
