"""Pinning the certificate issuer's public keys, so learners' certificates verify offline.

After each successful sync the client fetches ``<server>/issuer`` and adds any new Ed25519 key to
the pinned set (keys are never dropped: certificates signed by a retired key stay valid). The
issuer id is pinned on first use; a server that later presents another issuer is not trusted
for certificates, and field staff see why in the log.

Over plain ``http://`` (other than this machine) only the first pin is taken: anyone on the path
could otherwise slip in a key of their own and forge certificates this PC would accept. A server
that rotates its key must be reached over https for PCs to learn the new key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from learnbox.storage import Store

log = logging.getLogger(__name__)

ISSUER_KEYS_SETTING = "sync.issuer_keys"  # list of Multikey strings, read by services.certificates
ISSUER_ID_SETTING = "sync.issuer_id"

Fetch = Callable[[str], Any]  # URL -> decoded JSON document


def _http_get_json(url: str) -> Any:
    import requests

    response = requests.get(url, timeout=10, headers={"Accept": "application/json"})
    response.raise_for_status()
    return response.json()


def _trusted_transport(server_url: str) -> bool:
    """https, or a server on this very machine (nothing in between to tamper with the answer)."""
    from urllib.parse import urlsplit

    parts = urlsplit(server_url)
    return parts.scheme == "https" or parts.hostname in ("127.0.0.1", "localhost", "::1")


def refresh_issuer_keys(store: Store, server_url: str, fetch: Fetch = _http_get_json) -> list[str]:
    """Fetch the issuer document and pin its keys; returns the pinned keys (unchanged on failure)."""
    from learnbox.certs.errors import CertificateError
    from learnbox.certs.verify import keys_from_issuer_document

    pinned: list[str] = [k for k in store.get_setting(ISSUER_KEYS_SETTING, []) if isinstance(k, str)]
    try:
        document = fetch(server_url.rstrip("/") + "/issuer")
        issuer_id = document.get("id") if isinstance(document, dict) else None
        known_id = store.get_setting(ISSUER_ID_SETTING)
        if known_id is not None and issuer_id != known_id:
            log.warning("server presents issuer %r, but %r is pinned: keys not updated", issuer_id, known_id)
            return pinned
        keys = keys_from_issuer_document(document, known_id)
    except (CertificateError, OSError, ValueError) as exc:  # requests' errors are OSErrors
        # Certificates must never break a sync: keep the keys pinned so far and try next time.
        log.info("could not refresh issuer keys from %s: %s", server_url, exc)
        return pinned
    if known_id is None:
        store.set_setting(ISSUER_ID_SETTING, issuer_id)
    elif pinned and not _trusted_transport(server_url):
        new = [k for k in keys if k not in pinned]
        if new:
            log.warning("not pinning new issuer keys %s received over plain http from %s", new, server_url)
        return pinned
    merged = pinned + [k for k in keys if k not in pinned]
    if merged != pinned:
        store.set_setting(ISSUER_KEYS_SETTING, merged)
        log.info("pinned issuer keys: %s", merged)
    return merged
