"""Safe spreadsheet exports: numbers stay numbers, and every text cell a spreadsheet could read as a formula is
neutralised.

The one `safe_cell` serves every CSV and XLSX the service writes (ledger API export, executive exports).
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = (int, float, Decimal)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"


def safe_cell(value, *, typed: bool = False):
    """A cell's value: a number (int, Decimal) or a date as it is, so a spreadsheet reads `-48000.00` as a
    number; text prefixed with a quote when it starts with = + - @, a tab or a CR, so a spreadsheet shows it
    as text instead of running it (CSV/formula injection). Only text is neutralised: a number cannot run.

    `typed=True` (XLSX) keeps numbers, dates and empty cells as typed values; otherwise (CSV) they are
    written as plain text - `-48000.00`, `2026-10-05` - which every spreadsheet reads back as numbers and dates.
    """
    if value is None:
        return None if typed else ""
    if isinstance(value, bool):
        return value if typed else str(value)
    if isinstance(value, NUMBERS):
        return value if typed else str(value)
    if isinstance(value, dt.date):
        return value if typed else value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """A CSV document with every cell passed through `safe_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(c) for c in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buffer.getvalue()


def xlsx_bytes(header: Iterable, rows: Iterable[Iterable], *, title: str = "") -> bytes:
    """An XLSX workbook (openpyxl) with every cell passed through `safe_cell`: numbers and dates typed (money
    shown with two decimals), text neutralised, the header bold on row 1; `title` (what the sheet lists) goes
    in the document's properties."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ledger"
    workbook.properties.title = title[:255]  # the header stays on row 1, for filters and pivot tables
    sheet.append([safe_cell(c, typed=True) for c in header])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(c, typed=True) for c in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal | float):
                cell.number_format = MONEY_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
