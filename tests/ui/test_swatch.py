"""The avatar colour swatches are circles, with visible chosen and focus rings."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from learnbox.ui.picker.swatch import SWATCH_PX, ColourSwatch

RED = "#C0002A"


def _image(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


def _host(qtbot: QtBot) -> tuple[QWidget, ColourSwatch, ColourSwatch]:
    host = QWidget()
    host.setStyleSheet("background: #FFFFFF;")
    qtbot.addWidget(host)
    swatch, other = ColourSwatch(RED, host), ColourSwatch(RED, host)
    other.move(SWATCH_PX + 10, 0)
    host.resize(2 * SWATCH_PX + 20, SWATCH_PX)
    host.show()
    qtbot.waitExposed(host)
    return host, swatch, other


def test_swatch_is_a_circle(qtbot: QtBot) -> None:
    _host_widget, swatch, _other = _host(qtbot)
    image = _image(swatch)
    assert swatch.size().width() == swatch.size().height() == SWATCH_PX
    centre = image.pixelColor(SWATCH_PX // 2, SWATCH_PX // 2)
    assert centre == QColor(RED)
    for x, y in ((1, 1), (SWATCH_PX - 2, 1), (1, SWATCH_PX - 2), (SWATCH_PX - 2, SWATCH_PX - 2)):
        assert image.pixelColor(x, y) != QColor(RED), f"corner {x},{y} is painted: a square"


def test_chosen_and_focused_look_different(qtbot: QtBot) -> None:
    _host_widget, swatch, other = _host(qtbot)
    other.setFocus()
    plain = _image(swatch)
    swatch.setChecked(True)
    chosen = _image(swatch)
    assert chosen != plain
    swatch.setFocus()
    qtbot.waitUntil(swatch.hasFocus, timeout=1000)
    focused = _image(swatch)
    assert focused != chosen and focused != plain
    # The focus ring sits at the edge, outside the chosen ring: the edge pixel turns amber.
    edge = focused.pixelColor(SWATCH_PX // 2, 1)
    assert edge.red() > 180 and edge.blue() < 100
