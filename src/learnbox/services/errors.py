"""Errors the UI shows to learners; every message is already translated and in plain words."""

from __future__ import annotations


class ServiceError(Exception):
    """A problem to show the person at the screen (``str(error)`` is the translated message)."""


class ProfileError(ServiceError):
    """A name, PIN or language that cannot be used for a profile."""


class PinRequired(ServiceError):
    """The profile has a PIN and none was given."""


class WrongPin(ServiceError):
    def __init__(self, message: str, tries_left: int) -> None:
        super().__init__(message)
        self.tries_left = tries_left


class LockedOut(ServiceError):
    def __init__(self, message: str, seconds_left: int) -> None:
        super().__init__(message)
        self.seconds_left = seconds_left


class NotFound(ServiceError):
    """A course, lesson, quiz or learner that does not exist (e.g. removed by a content update)."""
