"""The sparkline: one bar per flagged window, inside its box, with a label for screen readers."""

import re

from insights.selectors.emerging import emerging_problem_rows, emerging_problems
from insights.templatetags.emerging_sparkline import WIDTH, emerging_sparkline
from tests.insights.factories import emerging_windows


def test_one_bar_per_window_inside_the_box(db):
    emerging_windows("app_login_failure", hours=6)
    [problem] = emerging_problems(emerging_problem_rows())
    svg = emerging_sparkline(problem, label="6 windows <flagged>")
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert len(bars) == 6
    assert all(float(x) + float(w) <= WIDTH + 0.01 for x, w in bars)
    assert 'aria-label="6 windows &lt;flagged&gt;"' in svg
    assert "<script" not in svg
