"""Typos in the server's command line are usage errors (exit 2), not bind() tracebacks."""

from __future__ import annotations

import pytest

from learnbox.server.cli import main


@pytest.mark.parametrize("args", [["--port", "99999"], ["--port", "-1"], ["--port", "http"], ["--workers", "0"]])
def test_bad_port_or_workers_is_a_usage_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--db", "sqlite://", *args])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
