"""Typed errors of the certificate layer.

Every bad input (a malformed key, a broken credential, an unreadable key file) raises one of these
with a message a field worker or developer can act on; callers never see a bare ValueError or a
traceback from a decoding library.
"""

from __future__ import annotations


class CertificateError(Exception):
    """Base class for every error raised by ``learnbox.certs``."""


class KeyFormatError(CertificateError):
    """A key (multibase, Multikey, did:key, PEM) is malformed or of the wrong type."""


class ProofError(CertificateError):
    """A Data Integrity proof cannot be created (bad document or options)."""
