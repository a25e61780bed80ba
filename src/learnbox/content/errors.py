"""Content problems: one typed error for the loader, and sinks that either raise or collect.

The loader and the validator share the schema checks (``schema.py``). Each check reports to a
:class:`Sink`; the loader passes a :class:`RaisingSink` (the first error aborts with a
:class:`ContentError`), the validator a :class:`CollectingSink` (every problem is kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ContentError(Exception):
    """Bad or missing content. ``str()`` gives ``"path:line: message"`` (line omitted when unknown)."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message}"


class Sink:
    """Where checks report problems. Subclasses decide whether to raise or to collect."""

    def error(self, file: str, line: int | None, message: str) -> None:
        raise NotImplementedError

    def warning(self, file: str, line: int | None, message: str) -> None:
        raise NotImplementedError


class RaisingSink(Sink):
    """Used by the loader: the first error raises; warnings are the validator's business."""

    def error(self, file: str, line: int | None, message: str) -> None:
        raise ContentError(file, line, message)

    def warning(self, file: str, line: int | None, message: str) -> None:
        return None


class CollectingSink(Sink):
    """Used by the validator: keeps every problem, de-duplicated, in report order."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._seen: set[Problem] = set()

    def _add(self, problem: Problem) -> None:
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)

    def error(self, file: str, line: int | None, message: str) -> None:
        self._add(Problem(file, line, message, Severity.ERROR))

    def warning(self, file: str, line: int | None, message: str) -> None:
        self._add(Problem(file, line, message, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]
