"""Template filters for text people write: `{% load insights_text %}{{ insight.summary|markdown }}`."""

from django import template
from django.utils.safestring import mark_safe

from insights.markdown import markdown_to_html

register = template.Library()


@register.filter(name="markdown")
def markdown(text: str | None) -> str:
    """Markdown rendered and sanitised by nh3 (the only reason mark_safe is allowed here)."""
    return mark_safe(markdown_to_html(text))  # noqa: S308 - sanitised by nh3 with an allowlist
