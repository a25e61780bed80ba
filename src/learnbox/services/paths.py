"""Where this installation keeps its data: ``--data-dir`` or the per-user data folder."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "LearnBox"


def data_dir(arg: str | None = None) -> Path:
    """The data folder: ``arg`` if given, else the platform's per-user data folder."""
    if arg:
        path = Path(arg).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(folder: Path) -> Path:
    return folder / "learnbox.db"


def log_path(folder: Path) -> Path:
    return folder / "logs" / "learnbox.log"
