"""The staff panel and roaming dialog run blocking sync calls in a worker and report back in plain words."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from learnbox.services import LearnBox
from learnbox.services.sync_service import SyncStatus
from learnbox.sync.errors import RoamingFailed, Unreachable
from learnbox.ui.roam_dialog import RoamDialog
from learnbox.ui.staff_panel import StaffPanel


@dataclass
class FakeSync:
    enrolled: bool = True
    fail: BaseException | None = None
    roam_to: str = ""
    threads: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def status(self) -> SyncStatus:
        return SyncStatus(self.enrolled, "https://sync.example.vn" if self.enrolled else None, "Quận 8",
                          None, None, 7, None, 90 * 60_000, False)

    def sync_now(self, progress: Any, should_cancel: Any) -> Any:
        self.threads.append(threading.current_thread().name)
        progress(1, 4, "Sending progress")
        self.release.wait(5)
        if self.fail is not None:
            raise self.fail
        return type("R", (), {"pushed": 7, "pulled": 0})()

    def enrol(self, url: str, code: str) -> None:
        self.enrolled = True

    def roam(self, code: str, pin: str) -> str:
        self.threads.append(threading.current_thread().name)
        if self.fail is not None:
            raise self.fail
        return self.roam_to


def test_sync_runs_in_a_worker_and_shows_the_result(
    qtbot: QtBot, app: QApplication, bundled_lb: LearnBox, vietnamese: None
) -> None:
    fake = FakeSync()
    bundled_lb.sync = fake
    panel = StaffPanel(bundled_lb)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.pending.text() == "7"
    assert "90" in panel.skew.text()  # a clock 90 minutes off is pointed out
    qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.progress.maximum() == 4)  # progress arrived while the job waits
    assert panel.progress.isVisible() and not panel.sync_button.isEnabled()
    fake.release.set()
    qtbot.waitUntil(lambda: panel.task is None)
    assert fake.threads and fake.threads[0] != threading.main_thread().name
    assert panel.outcome.text() == "Đồng bộ xong: đã gửi 7 dữ liệu, đã nhận 0."
    assert panel.sync_button.isEnabled()


def test_sync_failure_is_shown_in_plain_words(
    qtbot: QtBot, app: QApplication, bundled_lb: LearnBox, vietnamese: None
) -> None:
    fake = FakeSync(fail=Unreachable("https://sync.example.vn"))
    fake.release.set()
    bundled_lb.sync = fake
    panel = StaffPanel(bundled_lb)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.task is None)
    assert panel.outcome.text().startswith("Không kết nối được máy chủ")


def test_enrol_checks_the_address_first(qtbot: QtBot, app: QApplication, bundled_lb: LearnBox) -> None:
    bundled_lb.sync = FakeSync(enrolled=False)
    panel = StaffPanel(bundled_lb)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.sync_button.isEnabled()
    qtbot.mouseClick(panel.enrol_toggle, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.url, "sync.example.vn")
    qtbot.keyClicks(panel.code, "ABCD")
    qtbot.mouseClick(panel.enrol_button, Qt.MouseButton.LeftButton)
    assert panel.task is None and "http" in panel.outcome.text()
    panel.url.setText("https://sync.example.vn")
    qtbot.mouseClick(panel.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.task is None)
    assert panel.sync_button.isEnabled()


def test_roaming_brings_the_profile_or_says_why_not(
    qtbot: QtBot, app: QApplication, bundled_lb: LearnBox, vietnamese: None
) -> None:
    profile = bundled_lb.learners.create("Sok Dara", "1357", "km")
    fake = FakeSync(fail=RoamingFailed("Sai mã PIN. Hãy thử lại."))
    bundled_lb.sync = fake
    dialog = RoamDialog(bundled_lb)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code, profile.learner_code)
    qtbot.keyClicks(dialog.pin, "0000")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None)
    assert dialog.error.text() == "Sai mã PIN. Hãy thử lại." and dialog.pin.text() == ""
    fake.fail, fake.roam_to = None, profile.learner_id
    qtbot.keyClicks(dialog.pin, "1357")
    with qtbot.waitSignal(dialog.roamed) as blocker:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert blocker.args == [profile.learner_id]
    assert fake.threads[-1] != threading.main_thread().name
