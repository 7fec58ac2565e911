"""A problem's flagged windows as a small inline SVG: one bar per window, placed in time, as tall as what was
observed, with a tick at what was expected. Server-rendered (the CSP allows no inline script)."""

from django import template
from django.utils.html import format_html, format_html_join

from insights.selectors.emerging import EmergingProblem

register = template.Library()

WIDTH, HEIGHT, PAD = 120, 24, 1


@register.simple_tag
def emerging_sparkline(problem: EmergingProblem, label: str = ""):
    """The SVG for one problem; `label` is read to screen readers instead of the picture."""
    windows = problem.windows
    if not windows:
        return ""
    start, end = windows[0].window_start, windows[-1].window_end
    span = (end - start).total_seconds() or 1.0
    size = (windows[0].window_end - windows[0].window_start).total_seconds()
    bar = max(min(WIDTH * size / span, 12.0), 1.5)
    top = max(max(w.observed for w in windows), max(w.expected for w in windows)) or 1
    usable = HEIGHT - 2 * PAD
    bars, ticks = [], []
    for w in windows:
        x = min((w.window_start - start).total_seconds() / span * WIDTH, WIDTH - bar)
        h = max(float(w.observed / top) * usable, 1.0)
        bars.append((f"{x:.1f}", f"{HEIGHT - PAD - h:.1f}", f"{bar:.1f}", f"{h:.1f}"))
        y = f"{HEIGHT - PAD - float(w.expected / top) * usable:.1f}"
        ticks.append((f"{x:.1f}", f"{x + bar:.1f}", y, y))
    return format_html(
        '<svg class="sparkline" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#c5ccd8" stroke-width="1"/>{}{}</svg>',
        label,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        HEIGHT - PAD,
        WIDTH,
        HEIGHT - PAD,
        format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="#b4541a"/>', bars),
        format_html_join("", '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1f2a44" stroke-width="1.5"/>', ticks),
    )
