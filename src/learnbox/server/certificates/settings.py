"""Issuer settings: who issues, where the public pages live, where the private keys are kept.

Read from the environment (so every server process behind a load balancer agrees) unless the
application calls :func:`configure`. URLs derived here end up inside signed credentials, so
``LEARNBOX_PUBLIC_URL`` must be the address employers can reach, and must never change once
certificates are issued (the issuer id and status list URLs are built from it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from learnbox.certs.errors import CertificateError


@dataclass(frozen=True)
class IssuerSettings:
    public_url: str  # e.g. "https://certs.learnbox.vn", no trailing slash
    issuer_name: str
    issuer_url: str  # the organisation's home page
    key_dir: Path  # private key files, one "<multikey>.pem" per key, mode 0600
    issuer_email: str = ""
    lookups_per_minute: int = 30  # per client address, across all server processes
    trust_forwarded_for: bool = False  # behind a reverse proxy that sets X-Forwarded-For

    def __post_init__(self) -> None:
        if not self.public_url.startswith(("https://", "http://")) or self.public_url.endswith("/"):
            raise CertificateError(
                f"public URL {self.public_url!r} must start with https:// and have no trailing '/'"
            )
        if self.lookups_per_minute < 1:
            raise CertificateError("lookups per minute must be at least 1")

    @property
    def issuer_id(self) -> str:
        """The issuer profile's id; also the controller of every issuer key."""
        return f"{self.public_url}/issuer"

    def status_list_url(self, list_number: int) -> str:
        return f"{self.public_url}/status/{list_number}"

    def verification_url(self, code: str) -> str:
        return f"{self.public_url}/v/{code}"

    def achievement_id(self, course_id: str) -> str:
        return f"{self.public_url}/achievements/{course_id}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> IssuerSettings:
        env = os.environ if env is None else env
        public = env.get("LEARNBOX_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
        default_keys = Path(platformdirs.user_data_dir("learnbox-server")) / "issuer-keys"
        try:
            rate = int(env.get("LEARNBOX_VERIFY_RATE", "30"))
        except ValueError:
            raise CertificateError("LEARNBOX_VERIFY_RATE must be a whole number") from None
        return cls(
            public_url=public,
            issuer_name=env.get("LEARNBOX_ISSUER_NAME", "LearnBox"),
            issuer_url=env.get("LEARNBOX_ISSUER_URL", public),
            key_dir=Path(env.get("LEARNBOX_KEY_DIR", str(default_keys))),
            issuer_email=env.get("LEARNBOX_ISSUER_EMAIL", ""),
            lookups_per_minute=rate,
            trust_forwarded_for=env.get("LEARNBOX_TRUST_FORWARDED_FOR", "") in ("1", "true", "yes"),
        )


_configured: list[IssuerSettings] = []


def configure(settings: IssuerSettings | None) -> None:
    """Use ``settings`` from now on (None: go back to reading the environment)."""
    _configured.clear()
    if settings is not None:
        _configured.append(settings)


def current_settings() -> IssuerSettings:
    return _configured[0] if _configured else IssuerSettings.from_env()
