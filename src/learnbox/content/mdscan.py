"""Find what the renderer would strip from a piece of Markdown, so the validator can reject it.

The renderer is the safety net (it never lets these through); this scan tells the author,
with a line number, that their lesson would not show what they meant: raw HTML, scripts,
remote or escaping images, missing pictures and links that are not https/http/mailto.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from learnbox.content.errors import Sink
from learnbox.content.render import LINK_SCHEMES, course_image_path

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>|<!--")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\(\s*<?(?P<href>[^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<href>\S+?)>?(?:\s|$)", re.MULTILINE)
_JS = re.compile(r"javascript\s*:", re.IGNORECASE)


def _mask_code(text: str) -> str:
    """Blank out code blocks and code spans (keeping newlines) so their contents are not scanned."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, text))


def scan_markdown(
    text: str,
    where: str,
    first_line: int,
    sink: Sink,
    image_exists: Callable[[str], bool] | None,
) -> list[str]:
    """Report unsafe or broken Markdown; returns the course image paths it references.

    ``image_exists(path)`` checks a normalised course-relative path; None skips that check.
    """
    masked = _mask_code(text)

    def line_at(pos: int) -> int:
        return first_line + masked.count("\n", 0, pos)

    for match in _TAG.finditer(masked):
        if match.group(0) == "<!--":
            sink.error(where, line_at(match.start()), "raw HTML comment '<!--' is not allowed in Markdown")
        elif match.group(2).lower() in ("script", "style"):
            sink.error(where, line_at(match.start()), f"<{match.group(2)}> is not allowed in content")
        else:
            sink.error(
                where,
                line_at(match.start()),
                f"raw HTML <{match.group(1)}{match.group(2)}> is not allowed (use Markdown instead)",
            )
    images: list[str] = []
    for match in _IMAGE.finditer(masked):
        src = match.group("src")
        line = line_at(match.start())
        scheme = urlsplit(src).scheme if ":" in src else ""
        if scheme:
            sink.error(
                where, line, f"remote or non-file image {src!r} is not allowed; put the picture in images/"
            )
            continue
        path = course_image_path(src)
        if path is None:
            sink.error(
                where,
                line,
                f"image path {src!r} must be inside the course folder, relative to it (e.g. images/x.svg)",
            )
            continue
        images.append(path)
        if image_exists is not None and not image_exists(path):
            sink.error(where, line, f"image not found: {path}")
    hrefs = [(m.group("href"), m.start()) for m in _LINK.finditer(masked)]
    hrefs += [(m.group("href"), m.start()) for m in _REFDEF.finditer(masked)]
    for href, pos in hrefs:
        _check_link(href, where, line_at(pos), sink)
    return images


def _check_link(href: str, where: str, line: int, sink: Sink) -> None:
    if _JS.match(href.strip()):
        sink.error(where, line, f"javascript: links are not allowed ({href[:40]!r})")
        return
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme == "mailto" or (scheme in LINK_SCHEMES and parts.netloc):
        return
    sink.error(
        where, line, f"link {href!r} must start with https://, http:// or mailto: (it would not be shown)"
    )
