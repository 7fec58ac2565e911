"""Markdown is stored as written and rendered through nh3: no XSS vector survives."""

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from insights.markdown import markdown_to_html

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)">hi</p>',
    '<div onmouseover="alert(1)">hover</div>',
    "<svg onload=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><animate onbegin="alert(1)" attributeName="x"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<body onload="alert(1)">',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<a href="#" style="background:url(javascript:alert(1))">x</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
    '<a href="  javascript:alert(1)">x</a>',
    "<img src=`javascript:alert(1)`>",
]

SAFE_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from the output."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _dangers(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    found = []
    for tag, attrs in parser.elements:
        if tag not in SAFE_TAGS:
            found.append(f"tag <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in {"style", "src", "xlink:href", "action", "formaction"}:
                found.append(f"attribute {name}")
            if name == "href" and not re.match(r"^(https?:|mailto:|#|/)", (value or "").strip(), re.IGNORECASE):
                found.append(f"href {value!r}")
    return found


@pytest.mark.parametrize("vector", VECTORS)
def test_no_xss_vector_survives(vector):
    html = markdown_to_html(f"Before {vector} after\n\n{vector}")
    assert _dangers(html) == [], html
    # What is left of a vector is inert text: escaped, never live markup.
    assert not re.search(r"<(script|svg|iframe|img|style)", html, re.IGNORECASE), html


def test_the_checker_itself_spots_danger():
    assert _dangers('<a href="javascript:x">a</a><img src=x onerror=y><svg>') == [
        "href 'javascript:x'",
        "tag <img>",
        "attribute src",
        "attribute onerror",
        "tag <svg>",
    ]


def test_ordinary_markdown_still_renders():
    html = markdown_to_html(
        "# Heading\n\n**bold** and *em* and [a link](https://example.com) and "
        '<abbr title="average handle time">AHT</abbr>\n\n- one\n- two\n\n> quoted'
    )
    assert "<h1>Heading</h1>" in html
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">a link</a>' in html
    assert '<abbr title="average handle time">AHT</abbr>' in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html


def test_template_filter_renders_sanitised_html():
    rendered = Template("{% load insights_text %}{{ text|markdown }}").render(
        Context({"text": "**ok** <script>alert(1)</script>"})
    )
    assert "<strong>ok</strong>" in rendered
    assert "<script" not in rendered
