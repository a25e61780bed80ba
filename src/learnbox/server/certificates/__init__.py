"""The certificate office of learnbox-server: claim verification, issuing, revocation, keys.

Hooks the server uses (see ``learnbox.server.ingest`` and ``learnbox.server.app``):

* :func:`on_claim` is called for every new ``certificate.claimed`` event inside the push
  transaction (catalog and server time in ``session.info``);
* :data:`router` is included in the FastAPI app (``/v/<code>``, ``/issuer``, ``/status/<n>``).

Admin commands (``learnbox-server admin keys|revoke|certificates``) live in :mod:`.admin_cli`.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy.orm import Session

from learnbox.core.events import Event
from learnbox.server.certificates.api import router
from learnbox.server.certificates.issuing import Decision, process_claim
from learnbox.server.certificates.settings import current_settings

log = logging.getLogger(__name__)

__all__ = ["on_claim", "router"]


def on_claim(session: Session, event: Event) -> Decision | None:
    """Decide one pushed claim; without a catalog the claim stays pending (see admin_cli)."""
    catalog = session.info.get("learnbox.catalog")
    if catalog is None:
        log.error("claim %s left pending: the server has no course catalog to re-grade with", event.event_id)
        return None
    now_ms = int(session.info.get("learnbox.now_ms") or time.time_ns() // 1_000_000)
    return process_claim(session, event, catalog, current_settings(), now_ms)
