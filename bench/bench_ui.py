"""UI timings of the real app, each a fresh process (offscreen):

- cold start to the painted profile picker (median of 5; target <= 0.8 s),
- the same with 2,000 profiles and 1,000,000 events (target <= 200 ms for the picker itself),
- sign-in to the learner's home screen (target <= 100 ms), lesson open (target <= 50 ms),
- resident memory after opening a lesson (target <= 150 MB).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from populate import big_database

CHILD = Path(__file__).with_name("ui_child.py")


def run(data_dir: Path, walk: bool) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(CHILD), "--data-dir", str(data_dir), *(["--walk"] if walk else [])],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    values = {k: float(v) for k, v in (line.split("=", 1) for line in out.splitlines() if "=" in line)}
    values["wall_to_paint_s"] = values["painted_picker_s"]  # measured inside the child from its first line
    values["process_s"] = time.perf_counter() - start
    return values


def report(label: str, runs: list[dict[str, float]]) -> None:
    print(f"== {label}")
    for key in (
        "painted_picker_s",
        "sign_in_home_ms",
        "lesson_open_ms",
        "next_lesson_open_ms",
        "rss_after_lesson_mb",
    ):
        if key in runs[0]:
            print(
                f"  {key:22s} median {statistics.median(r[key] for r in runs):8.3f}   all {[r[key] for r in runs]}"
            )


def main() -> None:
    # Python's own start-up (before the child's first line runs) is measured separately.
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    print(
        f"python interpreter start: {time.perf_counter() - t:.3f} s (add to painted_picker_s for wall time)"
    )
    empty = Path(tempfile.mkdtemp())
    run(empty, walk=False)  # first run creates the database; not counted
    report("empty device, bundled content", [run(empty, walk=False) for _ in range(5)])
    big = big_database()
    scratch = Path(tempfile.mkdtemp())
    shutil.copy2(big / "learnbox.db", scratch / "learnbox.db")
    report("2,000 profiles, 1,000,000 events", [run(scratch, walk=True) for _ in range(5)])


if __name__ == "__main__":
    main()
