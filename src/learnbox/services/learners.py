"""Profiles on a shared PC: list, search, create, sign in with an optional PIN."""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from learnbox.core import pin as pins
from learnbox.core.events import EventType
from learnbox.core.ids import learner_code, new_id, normalise_code
from learnbox.core.model import SUPPORTED_LOCALES
from learnbox.core.text import clean_name, fold
from learnbox.i18n import _, ngettext
from learnbox.services.errors import LockedOut, NotFound, PinRequired, ProfileError, WrongPin
from learnbox.storage import LearnerRow, Store

MAX_NAME_LENGTH = 60
#: Avatar colour keys the UI maps to its palette; chosen from the id when the learner picks none.
AVATARS: tuple[str, ...] = ("teal", "orange", "purple", "green", "blue", "red", "brown", "pink")


@dataclass(frozen=True)
class Profile:
    learner_id: str
    display_name: str
    search_key: str
    initials: str
    avatar: str
    locale: str
    has_pin: bool
    last_seen_ms: int | None

    @property
    def learner_code(self) -> str:
        """The code that finds this learner on another PC (computed on demand: it costs a hash)."""
        return learner_code(self.learner_id)


def initials(name: str) -> str:
    """Up to two letters for a tile: first letters of the last two words ("Nguyễn Thị Lan" -> "TL")."""
    words = [w for w in name.split() if w[:1].isalnum()]
    if not words:
        return "?"
    picked = words[-2:] if len(words) >= 2 else words
    return "".join(w[0] for w in picked).upper()


def _profile(row: LearnerRow) -> Profile:
    avatar = (
        row.avatar if row.avatar in AVATARS else AVATARS[zlib.crc32(row.learner_id.encode()) % len(AVATARS)]
    )
    return Profile(
        learner_id=row.learner_id,
        display_name=row.display_name,
        search_key=row.search_key,
        initials=initials(row.display_name),
        avatar=avatar,
        locale=row.locale,
        has_pin=row.has_pin,
        last_seen_ms=row.last_seen_ms,
    )


class LearnerService:
    def __init__(self, store: Store, clock: Callable[[], int]) -> None:
        self._store = store
        self._clock = clock

    def list_profiles(self) -> list[Profile]:
        """Every profile on this PC (the UI sorts them with the locale's collation)."""
        return [_profile(r) for r in self._store.learners()]

    def search(self, query: str) -> list[Profile]:
        """Profiles whose name contains ``query``, ignoring case and tones ("nguyen" finds "Nguyễn")."""
        key = fold(query)
        profiles = self.list_profiles()
        if not key:
            return profiles
        matches = [p for p in profiles if key in p.search_key]
        if not matches and any(c.isdigit() for c in key):  # maybe a learner code, e.g. "k7qm-4xta"
            code = normalise_code(query)
            matches = [p for p in profiles if p.learner_code == code]
        return matches

    def get(self, learner_id: str) -> Profile:
        row = self._store.learner(learner_id)
        if row is None:
            raise NotFound(_("This profile no longer exists on this computer."))
        return _profile(row)

    def validate_name(self, display_name: str) -> str:
        """The cleaned name, or ProfileError with a message saying what to change."""
        name = clean_name(display_name)
        if not name:
            raise ProfileError(_("Please type your name."))
        if len(name) > MAX_NAME_LENGTH:
            raise ProfileError(
                ngettext(
                    "A name can have at most %(n)d letter.",
                    "A name can have at most %(n)d letters.",
                    MAX_NAME_LENGTH,
                )
                % {"n": MAX_NAME_LENGTH}
            )
        if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in name):
            raise ProfileError(_("A name cannot contain invisible or control characters."))
        return name

    def create(self, display_name: str, pin: str | None, locale: str, avatar: str | None = None) -> Profile:
        name = self.validate_name(display_name)
        pin = (pin or "").strip() or None
        if pin is not None and not pins.is_valid_pin(pin):
            raise ProfileError(_("A PIN is 4 to 6 digits, for example 2580."))
        if locale not in SUPPORTED_LOCALES:
            raise ProfileError(_("This language is not available."))
        learner_id = new_id()
        self._store.append(
            learner_id,
            EventType.PROFILE_CREATED,
            {
                "display_name": name,
                "locale": locale,
                "avatar": avatar if avatar in AVATARS else None,
                "pin_hash": pins.hash_pin(pin) if pin else None,
            },
        )
        return self.get(learner_id)

    def sign_in(self, learner_id: str, pin: str | None) -> Profile:
        """Check the PIN (if the profile has one) and note the sign-in; raises on refusal."""
        row = self._row(learner_id)
        self._check_pin(row, pin)
        self._store.touch_learner(learner_id)
        return self.get(learner_id)

    def set_pin(self, learner_id: str, current_pin: str | None, new_pin: str | None) -> Profile:
        """Set, change or (``new_pin`` None/empty) remove the profile's PIN.

        When the profile already has a PIN, ``current_pin`` must match it; the same lockout as
        signing in applies, so this cannot be used to guess a PIN. The change is a
        ``profile.changed`` event, so it travels to other computers like a new name does.
        """
        row = self._row(learner_id)
        new = (new_pin or "").strip() or None
        if new is not None and not pins.is_valid_pin(new):
            raise ProfileError(_("A PIN is 4 to 6 digits, for example 2580."))
        self._check_pin(row, current_pin)
        if new is None and not row.pin_hash:
            return self.get(learner_id)  # nothing to remove: record nothing
        self._store.append(
            learner_id, EventType.PROFILE_CHANGED, {"pin_hash": pins.hash_pin(new) if new else None}
        )
        return self.get(learner_id)

    def _row(self, learner_id: str) -> LearnerRow:
        row = self._store.learner(learner_id)
        if row is None:
            raise NotFound(_("This profile no longer exists on this computer."))
        return row

    def _check_pin(self, row: LearnerRow, pin: str | None) -> None:
        """Raise unless ``pin`` opens ``row`` (always passes for a profile without a PIN).

        Counts failures and locks the profile after too many, exactly as at sign-in.
        """
        if not row.pin_hash:
            return
        learner_id = row.learner_id
        now = self._clock()
        state = self._store.lockout(learner_id)
        wait_ms = pins.remaining_lock_ms(state, now)
        if wait_ms > 0:
            minutes = max(1, -(-wait_ms // 60_000))
            raise LockedOut(
                ngettext(
                    "Too many wrong PINs. Try again in %(n)d minute.",
                    "Too many wrong PINs. Try again in %(n)d minutes.",
                    minutes,
                )
                % {"n": minutes},
                seconds_left=-(-wait_ms // 1000),
            )
        if not pin:
            raise PinRequired(_("Please type your PIN."))
        if not pins.verify_pin(pin, row.pin_hash):
            state = pins.after_failure(state, now)
            self._store.set_lockout(learner_id, state)
            if state.failures == 0:  # just locked
                raise LockedOut(
                    _("Too many wrong PINs. This profile is locked for 5 minutes."),
                    seconds_left=pins.LOCKOUT_MS // 1000,
                )
            left = pins.MAX_FAILURES - state.failures
            raise WrongPin(
                ngettext(
                    "Wrong PIN. %(n)d try left.",
                    "Wrong PIN. %(n)d tries left.",
                    left,
                )
                % {"n": left},
                tries_left=left,
            )
        if state.failures:
            self._store.set_lockout(learner_id, pins.Lockout(0, 0))

    def set_locale(self, learner_id: str, locale: str) -> Profile:
        if locale not in SUPPORTED_LOCALES:
            raise ProfileError(_("This language is not available."))
        self._store.append(learner_id, EventType.PROFILE_CHANGED, {"locale": locale})
        return self.get(learner_id)

    def rename(self, learner_id: str, display_name: str) -> Profile:
        name = self.validate_name(display_name)
        self._store.append(learner_id, EventType.PROFILE_CHANGED, {"display_name": name})
        return self.get(learner_id)
