"""The ``learnbox`` entry point: the desktop app by default, terminal sub-commands otherwise.

``learnbox [--data-dir DIR] [--content PATH]`` starts the GUI. ``learnbox content ...``,
``learnbox enrol ...`` and ``learnbox sync ...`` run without ever importing Qt, so they work on
a server or over SSH.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# Each module registers its sub-command(s) with `register(subparsers)`; missing ones are skipped
# so that a partial install (e.g. no server extras) still starts.
_CLI_MODULES = ("learnbox.cli.content_cmd", "learnbox.cli.sync_cmd")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="learnbox", description="LearnBox offline learning")
    parser.add_argument(
        "--data-dir", help="folder for the local database and logs (default: per-user data folder)"
    )
    parser.add_argument("--content", help="content folder or .lbpack to use instead of the bundled one")
    sub = parser.add_subparsers(dest="command")
    for name in _CLI_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is not None:
        try:
            return int(handler(args) or 0)
        except BrokenPipeError:
            # `learnbox content stats | head`: the reader left; that is not an error to report.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    from learnbox.services.logs import configure_logging
    from learnbox.services.paths import data_dir

    configure_logging(data_dir(args.data_dir))
    from learnbox.ui.main import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
