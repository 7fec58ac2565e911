"""Reporting periods, and the one way a URL (API or page) chooses one: `?year=2026&quarter=4`."""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError

YEAR_MIN, YEAR_MAX = 2000, 2999
_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Period:
    """A closed-open range of months, [start, end), with the label people read (`2026-Q4`, `2026`)."""

    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        start = dt.date(year, 3 * (quarter - 1) + 1, 1)
        end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
        return cls(start, end, f"{year}-Q{quarter}")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), str(year))

    @classmethod
    def quarter_of(cls, day: dt.date) -> "Period":
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)

    @property
    def year_number(self) -> int:
        return self.start.year

    @property
    def quarter_number(self) -> int | None:
        """1-4 for a quarter, None for a whole year."""
        _, _, quarter = self.label.partition("-Q")
        return int(quarter) if quarter else None

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def previous(self) -> "Period":
        """The period of the same length just before this one (the quarter before, the year before)."""
        if self.quarter_number is None:
            return Period.year(self.year_number - 1)
        return Period.quarter_of(self.start - dt.timedelta(days=1))

    def query(self) -> str:
        """The query string that chooses this period again (`year=2026&quarter=4`)."""
        quarter = self.quarter_number
        return f"year={self.year_number}&quarter={quarter}" if quarter else f"year={self.year_number}"

    def params(self) -> dict[str, str]:
        quarter = self.quarter_number
        return {"year": str(self.year_number), **({"quarter": str(quarter)} if quarter else {})}


def period_from_params(params: Mapping[str, str], *, default: Period | None = None) -> Period:
    """Read `year` (four digits) and optional `quarter` (1-4); a year alone is the whole year.

    With neither given, `default` is returned, or a ValidationError names `year` when there is none. Bad
    values are refused with a message naming the parameter, never guessed.
    """
    year_raw = (params.get("year") or "").strip()
    quarter_raw = (params.get("quarter") or "").strip()
    if not year_raw:
        if default is not None and not quarter_raw:
            return default
        raise ValidationError({"year": [f"Give a year from {YEAR_MIN} to {YEAR_MAX}, e.g. 2026."]})
    if not _YEAR.fullmatch(year_raw) or not YEAR_MIN <= int(year_raw) <= YEAR_MAX:
        raise ValidationError({"year": [f"Give a year from {YEAR_MIN} to {YEAR_MAX}, e.g. 2026."]})
    if not quarter_raw:
        return Period.year(int(year_raw))
    if quarter_raw not in {"1", "2", "3", "4"}:
        raise ValidationError({"quarter": ["Give a quarter from 1 to 4, or none for the whole year."]})
    return Period.quarter(int(year_raw), int(quarter_raw))


def month_parse(raw: object, *, field: str = "month") -> dt.date:
    """`2026-10` (ASCII digits) → 2026-10-01, the key of an accounting month; anything else names `field`."""
    match = _MONTH.fullmatch(raw.strip() if isinstance(raw, str) else "")
    if not match or not YEAR_MIN <= int(match[1]) <= YEAR_MAX:
        raise ValidationError({field: [f"Give the month as YYYY-MM, e.g. 2026-10, not {str(raw)[:20]!r}."]})
    return dt.date(int(match[1]), int(match[2]), 1)
