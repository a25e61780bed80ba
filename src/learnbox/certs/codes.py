"""Short human-readable certificate codes such as ``7KQM-X4TB``.

The code is what an employer types into the verification page or reads off a printout, so its
alphabet leaves out characters people confuse when reading or typing (0/O, 1/I/L). Eight symbols
from 31 give about 40 bits: with the rate-limited lookup, guessing a valid code is impractical,
and codes stay short enough to read over the phone.
"""

from __future__ import annotations

import re
import secrets

from learnbox.certs.errors import CertificateError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
GROUP = 4
CODE_PATTERN = re.compile(rf"[{ALPHABET}]{{{GROUP}}}-[{ALPHABET}]{{{LENGTH - GROUP}}}")


class CodeFormatError(CertificateError):
    """Text that cannot be a certificate code."""


def new_code() -> str:
    """A fresh random code in display form (``ABCD-EFGH``); callers check it is unused."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:GROUP]}-{raw[GROUP:]}"


def normalize_code(text: str) -> str:
    """The display form of a code typed by a person: case, spaces and dashes do not matter."""
    if not isinstance(text, str):
        raise CodeFormatError("a certificate code is text")
    raw = re.sub(r"[\s\-‐-―]", "", text).upper()
    if len(raw) != LENGTH:
        raise CodeFormatError(f"a certificate code has {LENGTH} letters and digits, e.g. 7KQM-X4TB")
    bad = sorted({c for c in raw if c not in ALPHABET})
    if bad:
        raise CodeFormatError(f"a certificate code never contains {', '.join(bad)}")
    return f"{raw[:GROUP]}-{raw[GROUP:]}"


def is_code(text: object) -> bool:
    """True when ``text`` is a code in display form."""
    return isinstance(text, str) and CODE_PATTERN.fullmatch(text) is not None
