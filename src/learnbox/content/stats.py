"""Translation coverage: for every lesson, check and test, which locales have their own text.

Cell values: ``ok`` (translated), ``->en`` (falls back to that locale), ``MISSING`` (no file
anywhere along the fallback chain).
"""

from __future__ import annotations

from dataclasses import dataclass

from learnbox.content.catalog import Catalog
from learnbox.core.model import SUPPORTED_LOCALES


@dataclass(frozen=True)
class Row:
    course_id: str
    name: str  # "mouse", "mouse (check)", "(course)", "(test)"
    cells: tuple[str, ...]  # one per SUPPORTED_LOCALES entry


def _cell(catalog: Catalog, course_id: str, filename: str, locale: str) -> str:
    if catalog.source.exists(f"{course_id}/{locale}/{filename}"):
        return "ok"
    found = catalog.find(course_id, filename, locale)
    return f"->{found}" if found else "MISSING"


def coverage(catalog: Catalog) -> list[Row]:
    rows: list[Row] = []
    for cid in catalog.course_ids():
        root = catalog.root(cid)
        primary = root.primary_locale
        files = [("(course)", "course.yaml")]
        for meta in root.lessons:
            files.append((meta.id, f"{meta.id}.md"))
            if catalog.find(cid, f"{meta.id}.check.yaml", primary):
                files.append((f"{meta.id} (check)", f"{meta.id}.check.yaml"))
        if catalog.find(cid, "test.yaml", primary) or root.draw is not None:
            files.append(("(test)", "test.yaml"))
        for name, filename in files:
            cells = tuple(_cell(catalog, cid, filename, loc) for loc in SUPPORTED_LOCALES)
            rows.append(Row(cid, name, cells))
    return rows


def format_table(rows: list[Row]) -> str:
    header = ("course", "lesson", *SUPPORTED_LOCALES)
    body = [(r.course_id, r.name, *r.cells) for r in rows]
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)).rstrip()
        for line in [header, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    totals = []
    for index, loc in enumerate(SUPPORTED_LOCALES):
        done = sum(1 for r in rows if r.cells[index] == "ok")
        totals.append(f"{loc} {done}/{len(rows)}")
    lines.append("")
    lines.append("translated: " + ", ".join(totals))
    return "\n".join(lines)
