"""One cold start of the real app, for bench_ui.py: prints timings as ``key=value`` lines.

Runs the same steps as ``learnbox.ui.main.run_gui`` and reports when the profile picker's list
is first painted, then optionally signs a learner in and opens a lesson.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

T0 = time.perf_counter()


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from learnbox.i18n import set_language
    from learnbox.ui.main import make_app, open_learnbox
    from learnbox.ui.main_window import MainWindow

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--content")
    parser.add_argument("--walk", action="store_true")
    args = parser.parse_args()

    app = make_app()
    lb = open_learnbox(args)
    set_language(lb.settings.device_language)
    window = MainWindow(lb, app)
    window.resize(1366, 768)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
                self.done = True
                print(f"painted_picker_s={time.perf_counter() - T0:.4f}", flush=True)
                # A learner needs more than a second to find their tile: let idle-time warm-up run.
                QTimer.singleShot(1500 if args.walk else 0, after_paint)
            return False

    def after_paint() -> None:
        if args.walk:
            profile = next(p for p in lb.learners.list_profiles() if not p.has_pin)
            t = time.perf_counter()
            window.sign_in(profile)
            window.repaint()
            app.processEvents()
            print(f"sign_in_home_ms={(time.perf_counter() - t) * 1000:.1f}", flush=True)
            course = lb.courses.available("vi")[0]
            t = time.perf_counter()
            window.show_lesson(course.id, course.lessons[0].id)
            window.repaint()
            app.processEvents()
            print(f"lesson_open_ms={(time.perf_counter() - t) * 1000:.1f}", flush=True)
            t = time.perf_counter()
            window.show_lesson(course.id, course.lessons[1].id)
            window.repaint()
            app.processEvents()
            print(f"next_lesson_open_ms={(time.perf_counter() - t) * 1000:.1f}", flush=True)
            print(f"rss_after_lesson_mb={rss_mb():.1f}", flush=True)
        app.quit()

    spy = FirstPaint()
    # The picker screen itself: with no profiles yet, the list view is hidden behind a welcome text.
    window.picker.installEventFilter(spy)
    window.show()
    app.exec()
    lb.close()
    os._exit(0)  # skip interpreter teardown: not part of what a user waits for


if __name__ == "__main__":
    sys.exit(main())
