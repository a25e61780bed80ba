"""Use cases the UI calls. Qt-free: everything here runs in tests and on the command line."""

from learnbox.services.errors import LockedOut, NotFound, PinRequired, ProfileError, ServiceError, WrongPin
from learnbox.services.facade import LearnBox

__all__ = ["LearnBox", "LockedOut", "NotFound", "PinRequired", "ProfileError", "ServiceError", "WrongPin"]
