"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 under Python 3.11 dropped a reference to ``None`` on every void Qt call; the app
aborted with "none_dealloc" after a few thousand calls. pyproject pins below it; this test fails
if a future upgrade brings such a bug back.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(50_000):
    label.setText("Xin chào")
print(before - sys.getrefcount(None))
"""


def test_void_qt_calls_do_not_leak_references_to_none() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip().splitlines()[-1])) < 100
