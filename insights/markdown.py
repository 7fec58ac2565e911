"""Markdown as people write it → safe HTML: markdown-it-py renders, nh3 (ammonia) keeps only an allowlist.

Text is stored exactly as written; this runs when it is shown. Raw HTML in the markdown is allowed
through the parser so that e.g. `<abbr title="…">` can explain an acronym, and nh3 then removes
every tag, attribute and URL scheme not listed below (scripts, event handlers, `javascript:` links,
SVG and MathML, styles, iframes, forms …).
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
_parser.enable("strikethrough")


def markdown_to_html(text: str | None) -> str:
    """Render `text` as markdown and return sanitised HTML, safe to mark safe in a template."""
    if not text:
        return ""
    return nh3.clean(
        _parser.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
