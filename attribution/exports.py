"""Safe spreadsheet exports: every cell that a spreadsheet could read as a formula is neutralised.

The one `safe_cell` serves every CSV and XLSX the service writes (ledger API export, executive exports).
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = (int, float, Decimal)


def safe_cell(value, *, keep_numbers: bool = False):
    """The value as text, prefixed with a quote when it starts with = + - @, a tab or a CR, so a spreadsheet
    shows it as text instead of running it (CSV/formula injection).

    `keep_numbers=True` (for XLSX, where a typed number cannot run) passes numbers, Decimals and empty cells
    through unchanged so they stay numeric; text is neutralised the same way. In CSV every cell is text judged
    by its first character alone, so a negative amount is quoted too (`'-10.00`).
    """
    if value is None:
        return None if keep_numbers else ""
    if keep_numbers and isinstance(value, NUMBERS):
        return value
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


def xlsx_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """An XLSX workbook (openpyxl) with every cell passed through `safe_cell`, numbers kept numeric."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([safe_cell(c, keep_numbers=True) for c in header])
    for row in rows:
        sheet.append([safe_cell(c, keep_numbers=True) for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
