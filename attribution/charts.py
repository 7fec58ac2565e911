"""Server-rendered bar charts (SVG, no script): the geometry the dashboard and the board pack share."""

BAR = 22  # bar height, px
GAP = 8  # space between bars, px


def bars(rows: list[dict], key: str, *, width: int) -> list[dict]:
    """Each row with its bar's `y` and width `w` (the largest value spans `width`)."""
    top = max((r[key] for r in rows), default=0) or 1
    return [{**r, "y": i * (BAR + GAP), "w": round(max(float(r[key] / top), 0) * width, 1)} for i, r in enumerate(rows)]


def chart_height(rows: list) -> int:
    """The SVG height that shows every bar of `rows`."""
    return len(rows) * (BAR + GAP) + 4
