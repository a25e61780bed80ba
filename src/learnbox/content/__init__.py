"""Course content: loader (:class:`Catalog`), validator, Markdown renderer and pack builder.

No Qt here. ``from learnbox.content import Catalog, ContentError`` is the public entry point;
the renderer lives in :mod:`learnbox.content.render` (imported on demand, it pulls in Markdown).
"""

from __future__ import annotations

from learnbox.content.catalog import Catalog
from learnbox.content.errors import ContentError

__all__ = ["Catalog", "ContentError"]
