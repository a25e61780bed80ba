"""Ed25519 issuer keys: generation, Multikey encoding, verification method ids and key files.

Multikey (W3C Controlled Identifiers §2.2.2): a public key is ``z`` + base58btc(0xed 0x01 + 32 key
bytes), so every Ed25519 public key starts with ``z6Mk``. A private key is the same with the
ed25519-priv multicodec prefix (0x80 0x26) and the 32-byte seed.

A verification method id names the key inside its controller's document. LearnBox uses
``<issuer id>#<public multikey>`` (as the Open Badges 3.0 test vector does): the controller is the
issuer itself, so a verifier can check that the key belongs to the issuer, and the fragment alone
already tells which key to use. ``did:key`` ids are understood too (the W3C test vectors use them).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from learnbox.certs.errors import KeyFormatError
from learnbox.certs.multibase import decode_base58btc, encode_base58btc

log = logging.getLogger(__name__)

ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub, varint-encoded
ED25519_PRIV_PREFIX = b"\x80\x26"  # multicodec ed25519-priv (0x1300), varint-encoded
KEY_LENGTH = 32


def generate_private_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 private key from the operating system's CSPRNG."""
    return Ed25519PrivateKey.generate()


def public_key_bytes(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The raw 32 bytes of a public key (of a private key's public half)."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def encode_public_multikey(key: Ed25519PublicKey | Ed25519PrivateKey | bytes) -> str:
    """The Multikey ``publicKeyMultibase`` (``z6Mk...``) of an Ed25519 public key."""
    raw = key if isinstance(key, bytes) else public_key_bytes(key)
    if len(raw) != KEY_LENGTH:
        raise KeyFormatError(f"an Ed25519 public key has {KEY_LENGTH} bytes, not {len(raw)}")
    return encode_base58btc(ED25519_PUB_PREFIX + raw)


def decode_public_multikey(multikey: str) -> Ed25519PublicKey:
    """Parse a ``z6Mk...`` Multikey into a public key; KeyFormatError when it is not Ed25519."""
    data = decode_base58btc(multikey)
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != len(ED25519_PUB_PREFIX) + KEY_LENGTH:
        raise KeyFormatError("not an Ed25519 public Multikey (expected 0xed01 prefix and 32 key bytes)")
    return Ed25519PublicKey.from_public_bytes(data[len(ED25519_PUB_PREFIX) :])


def encode_private_multikey(key: Ed25519PrivateKey) -> str:
    """The ``secretKeyMultibase`` form of a private key (seed with the ed25519-priv prefix)."""
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return encode_base58btc(ED25519_PRIV_PREFIX + seed)


def decode_private_multikey(multikey: str) -> Ed25519PrivateKey:
    """Parse a private Multikey (as in the W3C test vectors' keyPair.json)."""
    data = decode_base58btc(multikey)
    if not data.startswith(ED25519_PRIV_PREFIX) or len(data) != len(ED25519_PRIV_PREFIX) + KEY_LENGTH:
        raise KeyFormatError("not an Ed25519 private Multikey (expected 0x8026 prefix and a 32-byte seed)")
    return Ed25519PrivateKey.from_private_bytes(data[len(ED25519_PRIV_PREFIX) :])


def did_key(multikey: str) -> str:
    """The ``did:key`` DID of a public Multikey."""
    decode_public_multikey(multikey)  # validate before minting an identifier from it
    return f"did:key:{multikey}"


def verification_method_id(controller: str, multikey: str) -> str:
    """``<controller>#<multikey>``; for a did:key controller this is the standard did:key VM id."""
    decode_public_multikey(multikey)
    return f"{controller}#{multikey}"


def did_key_verification_method(multikey: str) -> str:
    """``did:key:z6Mk...#z6Mk...``, the verification method id the W3C vectors use."""
    return verification_method_id(did_key(multikey), multikey)


def split_verification_method(vm_id: str) -> tuple[str, str]:
    """Split a verification method id into (controller, fragment); KeyFormatError without ``#``."""
    controller, sep, fragment = vm_id.partition("#") if isinstance(vm_id, str) else ("", "", "")
    if not sep or not controller or not fragment:
        raise KeyFormatError(f"verification method {vm_id!r} is not of the form <controller>#<key id>")
    return controller, fragment


def multikey_document(controller: str, multikey: str) -> dict[str, str]:
    """A Multikey verification method entry for a controller document."""
    return {
        "id": verification_method_id(controller, multikey),
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": multikey,
    }


@dataclass(frozen=True)
class SigningKey:
    """A private key together with the verification method id that names it in proofs."""

    private_key: Ed25519PrivateKey
    verification_method: str

    @property
    def public_multikey(self) -> str:
        return encode_public_multikey(self.private_key)

    @classmethod
    def for_controller(cls, private_key: Ed25519PrivateKey, controller: str) -> SigningKey:
        return cls(private_key, verification_method_id(controller, encode_public_multikey(private_key)))


def save_private_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Write ``key`` as an unencrypted PKCS#8 PEM file readable by its owner only (0600).

    The file is created with 0600 from the start (never world-readable, even briefly) and is
    never overwritten: losing an issuer key would make old certificates unverifiable to anyone who
    has not pinned the public key, so replacing one must be a deliberate act.
    """
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFormatError(f"{path}: a key file already exists; refusing to overwrite it") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)  # the umask may have removed bits, never added: make it exact anyway


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a PEM private key written by :func:`save_private_key`; KeyFormatError on any problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFormatError(f"{path}: cannot read key file: {exc.strerror or exc}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise KeyFormatError(f"{path}: not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFormatError(f"{path}: expected an Ed25519 key, found {type(key).__name__}")
    mode = stat.S_IMODE(path.stat().st_mode)
    if os.name == "posix" and mode & 0o077:
        log.warning("issuer key file %s is readable by others (mode %o); run chmod 600", path, mode)
    return key
