"""Start the desktop app: Qt application, fonts, theme, language, data, main window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from learnbox.content.errors import ContentError
from learnbox.i18n import _, set_language
from learnbox.services import LearnBox
from learnbox.services.paths import data_dir
from learnbox.storage.errors import StoreError
from learnbox.ui import fonts, prefs, theme

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication with bundled fonts, font scale and style sheet applied."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setOrganizationName("LearnBox")
    app.setApplicationName("LearnBox")
    registered = fonts.register_fonts()
    log.info("registered fonts: %s", registered)
    scale = prefs.font_scale_percent() / 100
    fonts.apply_app_font(app, scale)
    app.setStyleSheet(theme.stylesheet(scale))
    return app


def open_learnbox(args: argparse.Namespace) -> LearnBox:
    content = getattr(args, "content", None)
    return LearnBox.open(data_dir(getattr(args, "data_dir", None)), Path(content) if content else None)


def run_gui(args: argparse.Namespace) -> int:
    """Run the app until the window closes; returns the process exit code."""
    from learnbox.ui.main_window import MainWindow

    app = make_app()
    try:
        lb = open_learnbox(args)
    except (StoreError, ContentError, OSError) as exc:
        log.error("cannot start: %s", exc)
        QMessageBox.critical(
            None, _("LearnBox cannot start"), _("LearnBox cannot open its data:\n{error}").format(error=exc)
        )
        return 1
    set_language(lb.settings.device_language)
    window = MainWindow(lb, app)
    window.resize(1366, 768)
    window.showMaximized()
    try:
        return app.exec()
    finally:
        lb.close()
