"""The center's figures in the shape the calculator and the quiz need, and how the quiz words them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True)
class CenterFigures:
    """What the center's recent contacts say, in the shape the calculator and the quiz need."""

    hourly_contacts: float  # queued contacts in a typical hour that had any
    busiest_hour: int  # hour of the day (0-23) with the most contacts on average
    busiest_hour_contacts: float  # queued contacts in that hour, on average
    aht_seconds: float  # average handle time of answered contacts
    target_seconds: int  # the service level's answer-time target
    abandonment_day: date | None = None  # the recent day with the worst abandonment
    abandonment_rate: float | None = None  # share of offered contacts abandoned that day
    contacts: int = 0  # queued contacts the figures were computed from
    is_sample: bool = False  # True when there were no contacts and these are illustrative defaults

    def as_json(self) -> dict:
        data = asdict(self)
        data["abandonment_day"] = self.abandonment_day.isoformat() if self.abandonment_day else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> CenterFigures:
        data = dict(data)
        if data.get("abandonment_day"):
            data["abandonment_day"] = date.fromisoformat(data["abandonment_day"])
        return cls(**data)


SAMPLE_FIGURES = CenterFigures(
    hourly_contacts=90.0,
    busiest_hour=14,
    busiest_hour_contacts=140.0,
    aht_seconds=300.0,
    target_seconds=20,
    is_sample=True,
)


def hour_label(hour: int) -> str:
    """14 -> '2 pm'."""
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve} {suffix}"


def pct(share: float) -> int:
    return round(share * 100)
