"""``learnbox content validate|build|stats``: tools for content authors (English messages).

Also runnable as ``python -m learnbox.cli.content_cmd validate PATH``. Never prints a
traceback: content problems are listed as ``file:line: message`` and give exit code 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from learnbox.content.errors import ContentError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_INTERNAL = 2


def _default_source() -> Path:
    from learnbox.resources import repo_root

    return repo_root() / "content"


def _cmd_validate(args: argparse.Namespace) -> int:
    from learnbox.content.validate import validate

    path = Path(args.path) if args.path else _default_source()
    report = validate(path)
    for problem in report.problems:
        print(problem)
    for cid, rows in report.coverage.items():
        parts = [f"{c.locale} {'complete' if c.complete else f'{c.present}/{c.total} files'}" for c in rows]
        print(f"{cid}: {', '.join(parts)}")
    errors = len(report.errors)
    warnings = len(report.problems) - errors
    print(f"{errors} error(s), {warnings} warning(s) in {len(report.courses)} course(s) under {path}")
    return EXIT_PROBLEMS if errors else EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from learnbox.content.khmer import segmenter_name
    from learnbox.content.pack import BuildError, build_pack

    path = Path(args.path) if args.path else _default_source()
    try:
        manifest = build_pack(path, args.output)
    except BuildError as exc:
        for problem in exc.report.problems:
            print(problem)
        print(f"not built: {exc}")
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"{args.output}: cannot write the pack: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    print(
        f"wrote {args.output}: content_version {manifest['content_version']}, "
        f"{len(manifest['courses'])} course(s), {len(manifest['files'])} file(s) "
        f"(Khmer word breaks: {segmenter_name()})"
    )
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace) -> int:
    from learnbox.content.catalog import Catalog
    from learnbox.content.stats import coverage, format_table

    path = Path(args.path) if args.path else _default_source()
    print(format_table(coverage(Catalog.open(path))))
    return EXIT_OK


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn any failure into one readable line and an exit code, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except ContentError as exc:
            print(exc)
            return EXIT_PROBLEMS
        except KeyboardInterrupt:
            return EXIT_INTERNAL
        except BrokenPipeError:
            raise  # the reader of our output left (e.g. `| head`); the entry point ends quietly
        except Exception as exc:  # last resort for the CLI user; logged with its traceback
            log.debug("content command failed", exc_info=True)
            print(f"internal error: {type(exc).__name__}: {exc}")
            return EXIT_INTERNAL

    return run


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``content`` with its sub-commands to the ``learnbox`` parser."""
    content = subparsers.add_parser("content", help="validate, build and inspect course content")
    sub = content.add_subparsers(dest="content_command", required=True)
    help_path = "content source folder (default: the bundled content/)"

    validate = sub.add_parser("validate", help="check every content file; list all problems")
    validate.add_argument("path", nargs="?", help=help_path)
    validate.set_defaults(handler=_guarded(_cmd_validate))

    build = sub.add_parser("build", help="validate, then write a versioned content pack (.lbpack)")
    build.add_argument("path", nargs="?", help=help_path)
    build.add_argument("-o", "--output", required=True, help="pack file to write, e.g. content.lbpack")
    build.set_defaults(handler=_guarded(_cmd_build))

    stats = sub.add_parser("stats", help="translation coverage: lessons x locales")
    stats.add_argument("path", nargs="?", help=f"{help_path} or a .lbpack")
    stats.set_defaults(handler=_guarded(_cmd_stats))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnbox.cli.content_cmd")
    subparsers = parser.add_subparsers(dest="command", required=True)
    register(subparsers)
    # Accept both "validate PATH" and "content validate PATH".
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] != "content":
        args_list.insert(0, "content")
    args = parser.parse_args(args_list)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
