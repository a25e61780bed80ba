"""Markdown to the HTML subset QTextBrowser shows, sanitized.

Two layers, so one mistake does not open a hole:

1. Markdown is parsed with raw HTML switched off (the ``html_block`` preprocessor and the ``html``
   inline pattern are removed), so ``<script>`` in a lesson is shown as text, never as a tag.
   A tree processor then rewrites course images to ``lbimg:<course>/images/x.svg`` (a scheme the
   UI resolves through ``Catalog.image_bytes``), drops remote/absolute/escaping images (keeping
   their alt text), and turns links that are not https/http/mailto into plain text.
2. nh3 (ammonia) cleans the result against an allow-list of tags, attributes and URL schemes.
"""

from __future__ import annotations

import posixpath
import re
import threading
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from learnbox.content.images import IMAGE_PATH_RE, IMAGE_SCHEME

LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "del",
    "code", "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "a", "img", "span", "div", "sub", "sup",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "table": {"border", "cellpadding", "cellspacing"},
}


def course_image_path(src: str) -> str | None:
    """The normalised path of an image inside its course folder, or None if it is not one.

    Rejects URLs with a scheme (http:, data:, file:, ...), absolute paths, ``..`` that would leave
    the course folder, query strings, percent-escapes and backslashes.
    """
    src = src.strip()
    if not src or not IMAGE_PATH_RE.match(src):
        return None
    normal = posixpath.normpath(src)
    if normal.startswith(("../", "/")) or normal in ("..", "."):
        return None
    return normal


def safe_link(href: str) -> bool:
    """Links are shown only for https:, http: and mailto: targets."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    if parts.scheme.lower() not in LINK_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


class _ContentTreeprocessor(Treeprocessor):
    """Rewrites images and links in the parsed tree (see module docstring)."""

    course_id = ""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "img":
                self._image(element)
            elif element.tag == "a":
                self._link(element)
            elif element.tag == "table":
                # QTextBrowser draws no cell borders from CSS; these old attributes it does honour.
                element.set("border", "1")
                element.set("cellpadding", "4")
                element.set("cellspacing", "0")

    def _image(self, element: ET.Element) -> None:
        path = course_image_path(element.get("src", ""))
        if path is None or not self.course_id:
            _to_text(element, element.get("alt", ""))
            return
        element.set("src", f"{IMAGE_SCHEME}:{self.course_id}/{path}")

    def _link(self, element: ET.Element) -> None:
        if not safe_link(element.get("href", "")):
            _to_text(element, None)


def _to_text(element: ET.Element, text: str | None) -> None:
    """Turn an element into a plain <span> (keeping its children and tail)."""
    element.tag = "span"
    element.attrib.clear()
    if text is not None:
        element.text = text


_local = threading.local()


def _markdown(course_id: str) -> tuple[markdown.Markdown, _ContentTreeprocessor]:
    # Markdown instances are not thread-safe; one per thread, reset between documents.
    pair: tuple[markdown.Markdown, _ContentTreeprocessor] | None = getattr(_local, "md", None)
    if pair is None:
        md = markdown.Markdown(
            extensions=["tables", "sane_lists"],
            extension_configs={"tables": {"use_align_attribute": True}},
            output_format="html",
        )
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        tree = _ContentTreeprocessor(md)
        md.treeprocessors.register(tree, "learnbox_content", 5)
        pair = (md, tree)
        _local.md = pair
    pair[0].reset()
    pair[1].course_id = course_id
    return pair


def _render(markdown_text: str, course_id: str) -> str:
    md, _tree = _markdown(course_id)
    html = md.convert(markdown_text)
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        url_schemes={*LINK_SCHEMES, IMAGE_SCHEME},
        link_rel=None,
        strip_comments=True,
    )


def warm_up() -> None:
    """Build this thread's Markdown parser now (~80 ms of imports and regex compiling), so the
    first lesson a learner opens does not pay for it."""
    _render("**LearnBox**", "")


def lesson_html(markdown_text: str, course_id: str, base_font_px: int | None = None) -> str:
    """A lesson body as sanitized HTML for QTextBrowser.

    ``base_font_px`` (8-72) wraps the result in a block with that font size, so the UI's
    "bigger text" setting scales headings and body together.
    """
    html = _render(markdown_text, course_id)
    if base_font_px is None:
        return html
    if isinstance(base_font_px, bool) or not isinstance(base_font_px, int) or not 8 <= base_font_px <= 72:
        raise ValueError(f"base_font_px must be a whole number from 8 to 72, not {base_font_px!r}")
    return f'<div style="font-size:{base_font_px}px">{html}</div>'


_SINGLE_P = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def item_html(markdown_text: str, course_id: str = "") -> str:
    """A quiz prompt, choice or explanation: same rules as lessons; a lone paragraph is unwrapped.

    Without ``course_id`` images are dropped (their alt text stays).
    """
    html = _render(markdown_text, course_id).strip()
    match = _SINGLE_P.match(html)
    if match and "<p>" not in match.group(1):
        return match.group(1)
    return html
