"""The board pack: the executive summary as a printable PDF (WeasyPrint), charts included."""

from django.template.loader import render_to_string

from attribution.charts import bars, chart_height
from attribution.presenters.executive import SCORECARD_PERIOD_SENTENCE, summary_words
from attribution.selectors.anchors import chain_anchor_latest
from attribution.selectors.executive import executive_summary
from core.periods import Period


def board_pack_html(*, period: Period) -> str:
    """The board pack's HTML: the executive summary laid out for print."""
    summary = summary_words(executive_summary(period=period))
    return render_to_string(
        "attribution/executive/board_pack.html",
        {
            "summary": summary,
            "period": period,
            "trend_bars": bars(summary["value"]["trend"], "credited", width=360),
            "trend_height": chart_height(summary["value"]["trend"]),
            "scorecard_sentence": SCORECARD_PERIOD_SENTENCE,
            "anchor": chain_anchor_latest(),
        },
    )


def board_pack_pdf(*, period: Period) -> bytes:
    from weasyprint import HTML

    return HTML(string=board_pack_html(period=period)).write_pdf()
