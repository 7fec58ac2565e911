"""The board pack: the executive summary as a printable PDF (WeasyPrint), charts included.

The pack is one template per section, in `SECTIONS` order, each reading the context `board_pack_context`
builds; a new section is a template added to the list (and what it reads added to the context). A section shared
with /exec/ is a template here that includes the dashboard's partial. Amounts are written the site's one way
(`money`: "€1,300.00"), the symbol on every amount and the currency's code once in the header.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from attribution.charts import bars, chart_height
from attribution.presenters.executive import SCORECARD_PERIOD_SENTENCE, summary_words
from attribution.selectors.anchors import chain_anchor_latest
from attribution.selectors.boardpack import awaiting_signature, improvements_shipped
from attribution.selectors.executive import executive_summary
from core.periods import Period

SECTION_DIR = "attribution/executive/board_pack"
SECTIONS = (
    f"{SECTION_DIR}/value.html",
    f"{SECTION_DIR}/value_against_cost.html",
    f"{SECTION_DIR}/direct_value.html",
    f"{SECTION_DIR}/top_insights.html",
    f"{SECTION_DIR}/improvements.html",
    f"{SECTION_DIR}/pipeline.html",
    f"{SECTION_DIR}/decisions.html",
    f"{SECTION_DIR}/early_warning.html",
    f"{SECTION_DIR}/partnership.html",
    f"{SECTION_DIR}/listen_in.html",
    f"{SECTION_DIR}/competency.html",
    f"{SECTION_DIR}/evidence.html",
)


def board_pack_context(*, period: Period) -> dict:
    """What every section reads: the summary in words, the currency, when it was made, and the site's
    address so each figure links to the transactions behind it."""
    summary = summary_words(executive_summary(period=period))
    return {
        "summary": summary,
        "period": period,
        "currency": settings.CURRENCY,
        "generated_at": timezone.localtime(),
        "time_zone": settings.TIME_ZONE,
        "link_base": settings.SITE_URL.rstrip("/"),
        "sections": SECTIONS,
        "trend_bars": bars(summary["value"]["trend"], "credited", width=300),
        "trend_height": chart_height(summary["value"]["trend"]),
        "scorecard_sentence": SCORECARD_PERIOD_SENTENCE,
        "improvements": improvements_shipped(period=period),
        "awaiting": awaiting_signature(),
        "anchor": chain_anchor_latest(),
    }


def board_pack_html(*, period: Period) -> str:
    """The board pack's HTML: the executive summary laid out for print, a template per section."""
    return render_to_string("attribution/executive/board_pack.html", board_pack_context(period=period))


def board_pack_pdf(*, period: Period) -> bytes:
    from weasyprint import HTML

    return HTML(string=board_pack_html(period=period)).write_pdf()
