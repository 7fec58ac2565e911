"""The board pack: the executive summary as a printable PDF (WeasyPrint), charts included."""

from django.template.loader import render_to_string

from attribution.selectors.executive import executive_summary
from attribution.selectors.ledger import Period
from attribution.selectors.signoffs import SCORECARD_PERIOD_SENTENCE


def _bars(rows: list[dict], key: str, width: int = 420) -> list[dict]:
    top = max((r[key] for r in rows), default=0) or 1
    return [{**r, "y": i * 30, "w": round(float(r[key] / top) * width, 1)} for i, r in enumerate(rows)]


def board_pack_pdf(*, period: Period) -> bytes:
    from weasyprint import HTML

    summary = executive_summary(period=period)
    html = render_to_string(
        "attribution/executive/board_pack.html",
        {
            "summary": summary,
            "period": period,
            "trend_bars": _bars(summary["value"]["trend"], "credited"),
            "category_bars": _bars(summary["value"]["by_category"], "credited"),
            "scorecard_sentence": SCORECARD_PERIOD_SENTENCE,
        },
    )
    return HTML(string=html).write_pdf()
