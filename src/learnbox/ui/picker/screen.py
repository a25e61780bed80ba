"""The first screen on a shared PC: find your tile (or search), or make a new profile.

Keyboard path: the search box has focus; typing filters, Down or Tab moves into the tiles, arrow
keys move between tiles, Enter opens one (asking for the PIN if it has one).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from learnbox.core.model import SUPPORTED_LOCALES
from learnbox.i18n import _, current_language, ngettext
from learnbox.services import LearnBox
from learnbox.services.learners import Profile
from learnbox.ui.controls import LANGUAGE_NAMES, button, label
from learnbox.ui.picker.create_dialog import CreateProfileDialog
from learnbox.ui.picker.delegate import ProfileTileDelegate
from learnbox.ui.picker.model import PROFILE_ROLE, ProfileFilter, ProfileListModel
from learnbox.ui.picker.pin_dialog import PinDialog
from learnbox.ui.picker.tile_view import TileView


class PickerScreen(QWidget):
    signed_in = Signal(object)  # Profile
    language_requested = Signal(str)
    staff_requested = Signal()
    roam_requested = Signal()

    def __init__(self, lb: LearnBox, scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pickerScreen")
        self.lb = lb
        self.dialog: QDialog | None = None  # the open create/PIN dialog, if any

        self.title = label("title")
        self.languages = QButtonGroup(self)
        self.language_buttons: dict[str, QPushButton] = {}
        lang_row = QHBoxLayout()
        lang_row.setSpacing(6)
        for code in SUPPORTED_LOCALES:
            lang_button = button("small", object_name=f"lang-{code}")
            lang_button.setText(LANGUAGE_NAMES[code])
            lang_button.setCheckable(True)
            lang_button.clicked.connect(lambda _c=False, c=code: self.language_requested.emit(c))
            self.languages.addButton(lang_button)
            self.language_buttons[code] = lang_button
            lang_row.addWidget(lang_button)

        self.search = QLineEdit()
        self.search.setObjectName("searchEdit")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._open_first_match)

        self.model = ProfileListModel()
        self.filter = ProfileFilter()
        self.filter.setSourceModel(self.model)
        self.delegate = ProfileTileDelegate(scale)
        self.view = TileView(self.delegate)
        self.view.setObjectName("profileView")
        self.view.setModel(self.filter)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.count = label("muted")
        self.empty = label("subtitle")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        self.new_button = button("primary", object_name="newProfileButton")
        self.new_button.clicked.connect(self.open_create)
        self.roam_button = button(object_name="roamButton")
        self.roam_button.clicked.connect(self.roam_requested)
        self.staff_button = button("small", object_name="staffButton")
        self.staff_button.clicked.connect(self.staff_requested)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addLayout(lang_row)
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.roam_button)
        bottom.addStretch(1)
        bottom.addWidget(self.staff_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.search, self.view)
        QWidget.setTabOrder(self.view, self.new_button)
        QWidget.setTabOrder(self.new_button, self.roam_button)
        QWidget.setTabOrder(self.roam_button, self.staff_button)
        self.retranslate()

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        """Reload the profiles (after create, sync or roaming) and reset the search."""
        self.model.set_profiles(self.lb.learners.list_profiles(), "vi")
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.filter.set_allowed(None)
        self._after_filter()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def select(self, learner_id: str) -> None:
        """Put the focus on one profile's tile (e.g. after it arrived from another PC)."""
        row = self.model.row_of(learner_id)
        if row >= 0:
            index = self.filter.mapFromSource(self.model.index(row, 0))
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_scale(self, scale: float) -> None:
        self.delegate.scale = scale
        self.view.setGridSize(QSize())  # let the delegate's size hint decide
        self.view.fit_tiles()
        self.view.doItemsLayout()

    def retranslate(self) -> None:
        self.title.setText(_("Who is learning today?"))
        self.search.setPlaceholderText(_("Search for your name"))
        self.search.setAccessibleName(_("Search for your name"))
        self.view.setAccessibleName(_("Profiles on this computer"))
        self.new_button.setText(_("New profile"))
        self.roam_button.setText(_("I studied on another computer"))
        self.staff_button.setText(_("Staff"))
        self.staff_button.setAccessibleName(_("Staff: sync and settings"))
        self.empty.setText(_("No profile yet. Press “New profile” to start."))
        for code, lang_button in self.language_buttons.items():
            lang_button.setChecked(code == current_language())
            lang_button.setAccessibleName(LANGUAGE_NAMES[code])
        self._update_count()
        self.view.viewport().update()
        if isinstance(self.dialog, CreateProfileDialog | PinDialog):
            self.dialog.retranslate()

    def _update_count(self) -> None:
        shown, total = self.filter.rowCount(), self.model.rowCount()
        if self.search.text().strip():
            text = ngettext("%(n)d profile found", "%(n)d profiles found", shown) % {"n": shown}
        else:
            text = ngettext("%(n)d profile on this computer", "%(n)d profiles on this computer", total) % {
                "n": total
            }
        self.count.setText(text)

    # ------------------------------------------------------------------ search
    def _apply_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            self.filter.set_allowed(None)
        else:
            self.filter.set_allowed(p.learner_id for p in self.lb.learners.search(query))
        self._after_filter()

    def _after_filter(self) -> None:
        has_rows = self.filter.rowCount() > 0
        no_profiles = self.model.rowCount() == 0
        self.view.setVisible(not no_profiles)
        self.empty.setVisible(no_profiles)
        if has_rows:
            self.view.setCurrentIndex(self.filter.index(0, 0))
        self._update_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down arrow in the search box goes to the tiles, like in a web search.
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.filter.rowCount() > 0
        ):
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False

    def _open_first_match(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._apply_search()
        index = self.view.currentIndex()
        if not index.isValid() and self.filter.rowCount() > 0:
            index = self.filter.index(0, 0)
        if index.isValid():
            self._activated(index)

    # ------------------------------------------------------------------ sign in
    def _activated(self, index: QModelIndex) -> None:
        profile = index.data(PROFILE_ROLE)
        if isinstance(profile, Profile):
            self.choose(profile)

    def choose(self, profile: Profile) -> None:
        """Sign ``profile`` in, asking for the PIN first when it has one."""
        if self.dialog is not None:
            return
        if profile.has_pin:
            dialog = PinDialog(self.lb, profile, self)
            dialog.accepted.connect(lambda: self._signed_in(dialog.signed_in))
            self._show_dialog(dialog)
            return
        self._signed_in(self.lb.learners.sign_in(profile.learner_id, None))

    def open_create(self) -> None:
        if self.dialog is not None:
            return
        dialog = CreateProfileDialog(self.lb, current_language(), self)
        dialog.accepted.connect(lambda: self._created(dialog.created))
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        # Give the keyboard back to the main window: some window systems leave no window active
        # after a modal dialog closes, and a keyboard user would then type into nothing.
        self.window().activateWindow()

    def close_dialogs(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()

    def _created(self, profile: Profile | None) -> None:
        if profile is None:
            return
        # The dialog already signed the new profile in with the PIN just typed twice.
        self._signed_in(profile)

    def _signed_in(self, profile: Profile | None) -> None:
        if profile is not None:
            self.signed_in.emit(profile)
