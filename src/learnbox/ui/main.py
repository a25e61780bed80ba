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
from learnbox.services.recovery import newest_backup, set_damaged_database_aside
from learnbox.storage.errors import CorruptDatabaseError, StoreError
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


def _recover(args: argparse.Namespace, exc: CorruptDatabaseError) -> LearnBox | None:
    """Ask staff what to do with a damaged database; the damaged file is always kept."""
    folder = data_dir(getattr(args, "data_dir", None))
    backup = newest_backup(folder)
    box = QMessageBox(QMessageBox.Icon.Warning, _("The learning data on this computer is damaged"), "")
    box.setText(
        _(
            "LearnBox cannot read its data file. It can put the damaged file aside (it is kept, so the "
            "programme office can try to recover it) and continue."
        )
    )
    box.setInformativeText(str(exc))
    restore = box.addButton(_("Use the last backup"), QMessageBox.ButtonRole.AcceptRole) if backup else None
    fresh = box.addButton(_("Start with empty data"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_("Close LearnBox"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked not in (restore, fresh) or clicked is None:
        return None
    recovery = set_damaged_database_aside(folder, use_backup=clicked is restore)
    log.warning(
        "recovered: damaged copy at %s, restored from %s", recovery.damaged_copy, recovery.restored_from
    )
    try:
        return open_learnbox(args)
    except (StoreError, ContentError, OSError) as again:
        QMessageBox.critical(
            None, _("LearnBox cannot start"), _("LearnBox cannot open its data:\n{error}").format(error=again)
        )
        return None


def run_gui(args: argparse.Namespace) -> int:
    """Run the app until the window closes; returns the process exit code."""
    from learnbox.ui.main_window import MainWindow

    app = make_app()
    try:
        lb = open_learnbox(args)
    except CorruptDatabaseError as exc:
        log.error("damaged database: %s", exc)
        lb_or_none = _recover(args, exc)
        if lb_or_none is None:
            return 1
        lb = lb_or_none
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
