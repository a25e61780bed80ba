"""Device-wide settings staff change (kept in the local database, not per learner)."""

from __future__ import annotations

from learnbox.i18n import _
from learnbox.services.errors import ServiceError
from learnbox.storage import Store

DEFAULT_IDLE_MINUTES = 10
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 120


class SettingsService:
    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def idle_timeout_minutes(self) -> int:
        value = self._store.get_setting("ui.idle_timeout_minutes", DEFAULT_IDLE_MINUTES)
        return (
            value
            if isinstance(value, int) and MIN_IDLE_MINUTES <= value <= MAX_IDLE_MINUTES
            else DEFAULT_IDLE_MINUTES
        )

    @idle_timeout_minutes.setter
    def idle_timeout_minutes(self, minutes: int) -> None:
        if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
            raise ServiceError(
                _("Choose between %(lo)d and %(hi)d minutes.")
                % {"lo": MIN_IDLE_MINUTES, "hi": MAX_IDLE_MINUTES}
            )
        self._store.set_setting("ui.idle_timeout_minutes", minutes)

    @property
    def device_language(self) -> str:
        """The language of the profile picker before anyone signs in."""
        value = self._store.get_setting("ui.device_language", "vi")
        return value if isinstance(value, str) else "vi"

    @device_language.setter
    def device_language(self, language: str) -> None:
        self._store.set_setting("ui.device_language", language)
