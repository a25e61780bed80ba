"""The Markdown renderer: safe Markdown survives, everything else is stripped or escaped."""

from __future__ import annotations

import pytest

from learnbox.content.render import course_image_path, item_html, lesson_html


def test_keeps_safe_markdown() -> None:
    html = lesson_html(
        "# Tiêu đề\n\nChữ **đậm** và *nghiêng*.\n\n- một\n- hai\n\n> trích\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[trang](https://example.org/x?a=1&b=2)",
        "basics",
    )
    assert "<h1>Tiêu đề</h1>" in html
    assert "<strong>đậm</strong>" in html and "<em>nghiêng</em>" in html
    assert "<ul>" in html and "<li>một</li>" in html
    assert "<blockquote>" in html
    assert '<table border="1" cellpadding="4" cellspacing="0">' in html and "<td>1</td>" in html
    assert '<a href="https://example.org/x?a=1&amp;b=2">trang</a>' in html


def test_script_is_never_a_tag() -> None:
    html = lesson_html("Hi\n\n<script>alert(1)</script>\n\nInline <script>x()</script> too", "c")
    assert "<script" not in html
    assert "&lt;script&gt;" in html  # shown as text, so the author notices


def test_raw_html_is_escaped() -> None:
    html = lesson_html('<div onclick="steal()">raw</div>\n\nText <b onmouseover="x()">bold</b>', "c")
    assert "<div" not in html and "<b " not in html and "<b>" not in html
    assert "onclick=" not in html.replace("&quot;", '"').split("&lt;div")[0]
    assert "&lt;div" in html and "&lt;b" in html


def test_event_handler_attributes_cannot_appear() -> None:
    html = lesson_html('![x](images/a.svg "t" onerror="alert(1)") <img src=x onerror=alert(1)>', "c")
    assert "<img src=x" not in html
    assert 'onerror="' not in html.split("&lt;img")[0]


def test_remote_image_is_dropped_alt_kept() -> None:
    html = lesson_html("![remote pic](http://evil.example/x.png) ![s](https://evil.example/y.png)", "c")
    assert "<img" not in html and "evil" not in html
    assert "remote pic" in html


@pytest.mark.parametrize(
    "src",
    ["../../etc/passwd.png", "/etc/x.png", "images/../../x.png", "data:image/png;base64,AAAA", "file:///etc/x.png",
     "images\\x.png", "images/%2e%2e/x.png"],
)  # fmt: skip
def test_escaping_or_absolute_images_are_dropped(src: str) -> None:
    html = lesson_html(f"![pic]({src})", "c")
    assert "<img" not in html and "pic" in html


def test_course_images_are_rewritten_to_lbimg() -> None:
    html = lesson_html("![Nút chuột](images/mouse-buttons.svg) ![n](images/./sub/../a.png)", "basics")
    assert '<img alt="Nút chuột" src="lbimg:basics/images/mouse-buttons.svg">' in html
    assert 'src="lbimg:basics/images/a.png"' in html


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "vbscript:x",
        "file:///etc/passwd",
        "other.md",
        "/abs",
        "data:text/html,x",
    ],
)
def test_unsafe_links_become_text(href: str) -> None:
    html = lesson_html(f"[click me]({href})", "c")
    assert "<a" not in html and "click me" in html
    assert "javascript" not in html.lower()


def test_mailto_and_autolinks_are_kept() -> None:
    html = lesson_html("[mail](mailto:help@example.org) <https://example.org>", "c")
    assert '<a href="mailto:help@example.org">mail</a>' in html
    assert '<a href="https://example.org">https://example.org</a>' in html


def test_base_font_size() -> None:
    assert lesson_html("x", "c", 20).startswith('<div style="font-size:20px">')
    with pytest.raises(ValueError, match="base_font_px"):
        lesson_html("x", "c", 2)


def test_item_html_unwraps_a_single_paragraph() -> None:
    assert item_html("Bấm **OK**") == "Bấm <strong>OK</strong>"
    assert item_html("one\n\ntwo").count("<p>") == 2
    assert "<script" not in item_html("<script>x</script>")


def test_item_html_images_need_a_course() -> None:
    assert "<img" not in item_html("![a](images/a.svg)")
    assert 'src="lbimg:basics/images/a.svg"' in item_html("![a](images/a.svg)", "basics")


def test_course_image_path() -> None:
    assert course_image_path("images/x.svg") == "images/x.svg"
    assert course_image_path("images/../x.svg") == "x.svg"
    assert course_image_path("../x.svg") is None
    assert course_image_path("http://x/y.svg") is None
