"""The app's log file: a rotating file in the data folder that field staff can find and send."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from learnbox.services.paths import log_path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    """Send log records to ``<data_dir>/logs/learnbox.log`` (1 MB x 5 files); returns the path."""
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)
    return path
