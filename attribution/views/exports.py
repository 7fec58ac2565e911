"""CSV and XLSX exports of the credited value and the department scorecards, safe from formula injection."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone

from accounts.policy import Action, allowed
from attribution.exports import XLSX_TYPE, csv_text, xlsx_bytes
from attribution.presenters.executive import ledger_table, scorecard_table
from attribution.selectors.executive import category_figures, scorecards
from core.pages import bad_request_page
from core.periods import Period, period_from_params


def ledger_rows(period: Period) -> tuple[list[str], list[list]]:
    return ledger_table(category_figures(period=period), settings.CURRENCY)


def scorecard_rows(period: Period) -> tuple[list[str], list[list]]:
    """The dashboard's partnership table (`department_scorecards`), same columns, same period semantics."""
    return scorecard_table(scorecards(period=period))


TABLES = {"ledger": ledger_rows, "scorecards": scorecard_rows}


def render_table(header: list[str], rows: list[list], fmt: str) -> tuple[bytes, str]:
    """The table as CSV or XLSX, every cell through the one `safe_cell` (attribution.exports)."""
    if fmt == "csv":
        return csv_text(header, rows).encode(), "text/csv"
    return xlsx_bytes(header, rows), XLSX_TYPE


@login_required
def executive_export(request, table: str, fmt: str):
    if not allowed(request.user, Action.VIEW_EXECUTIVE):
        raise PermissionDenied
    try:
        period = period_from_params(request.GET, default=Period.quarter_of(timezone.localdate()))
    except ValidationError as exc:
        return bad_request_page(request, exc)
    body, ctype = render_table(*TABLES[table](period), fmt)
    resp = HttpResponse(body, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="{table}-{period.label}.{fmt}"'
    return resp


@login_required
def board_pack(request, year: int, quarter: int):
    from attribution.boardpack import board_pack_pdf

    if not allowed(request.user, Action.VIEW_EXECUTIVE):
        raise PermissionDenied
    if quarter not in (1, 2, 3, 4):
        return bad_request_page(request, ValidationError({"quarter": ["Give a quarter from 1 to 4."]}))
    pdf = board_pack_pdf(period=Period.quarter(year, quarter))
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="board-pack-{year}-Q{quarter}.pdf"'
    return resp
