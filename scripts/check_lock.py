"""Compare the running environment with a lock export (requirements/*.txt): every locked package
that applies to this platform must be installed at exactly the locked version.

Prints one line per package (``name==version  ok`` or what differs) so the test log shows what
was tested, and exits 1 on any difference. Run with the venv's interpreter.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

_NOT_LOCKED = {"learnbox", "pip"}  # the project itself, and the installer that came with the venv
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match is None:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue  # another platform's or Python's package
        pins[canonicalize_name(name)] = version
    return pins


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_lock.py requirements/<set>.txt", file=sys.stderr)
        return 2
    pins, have = locked(Path(argv[0])), installed()
    bad = 0
    for name in sorted(pins):
        got = have.get(name)
        state = "ok" if got == pins[name] else f"INSTALLED {got or 'nothing'}"
        bad += state != "ok"
        print(f"{name}=={pins[name]}  {state}")
    # Left over from an older lock in a reused venv: harmless to the result, but worth seeing.
    for name in sorted(set(have) - set(pins) - _NOT_LOCKED):
        print(f"{name}=={have[name]}  installed but not in the lock")
    print(f"{len(pins) - bad} of {len(pins)} locked packages installed at the locked version ({argv[0]})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
