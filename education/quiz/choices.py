"""What every question template shares: the draft it returns, the busy hour it asks about, and its choices.

The wrong choices are the mistakes people actually make; `shuffled_choices` makes sure they all read
differently from the right one before shuffling.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from education import staffing
from education.quiz.figures import CenterFigures, hour_label, pct

# The target most centers use: 80 % of contacts answered within the service-level seconds.
BASE_SERVICE_LEVEL = 0.8


@dataclass
class QuestionDraft:
    template: str
    prompt: str
    choices: list[str]
    correct_choice: int
    explanation: str
    inputs: dict = field(default_factory=dict)

    @property
    def correct_text(self) -> str:
        return self.choices[self.correct_choice]


def two_pcts(before: float, after: float) -> tuple[float, float, int]:
    """Both shares as percentages, with just enough decimals (0-2) to tell them apart when they differ."""
    for digits in (0, 1, 2):
        b, a = round(before * 100, digits), round(after * 100, digits)
        if b != a:
            break
    if digits == 0:
        b, a = int(b), int(a)
    return b, a, digits


def num(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


def busy_hour(figures: CenterFigures) -> tuple[float, int, str]:
    traffic = figures.busiest_hour_contacts * figures.aht_seconds / 3600.0
    team = staffing.required_agents(
        traffic=traffic,
        aht_seconds=figures.aht_seconds,
        target_service_level=BASE_SERVICE_LEVEL,
        target_seconds=figures.target_seconds,
    ).agents
    return traffic, team, hour_label(figures.busiest_hour)


def shuffled_choices(
    correct: float, wrongs: list[float], fmt: Callable[[float], str], rng: random.Random, *, step: float = 1, low=0
) -> tuple[list[str], int]:
    """Format the answers, nudging wrong ones until all read differently, then shuffle."""
    texts = [fmt(correct)]
    for value in wrongs:
        candidate = value
        direction = 1 if value >= correct else -1
        tries = 0
        while fmt(candidate) in texts or candidate < low:
            candidate = candidate + direction * step
            if candidate < low:
                direction, candidate = 1, correct + step
            tries += 1
            if tries > 200:  # pragma: no cover - formats always diverge long before this
                break
        texts.append(fmt(candidate))
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], order.index(0)


def abandonment_intro(figures: CenterFigures) -> str:
    if figures.abandonment_rate is None or figures.abandonment_day is None or pct(figures.abandonment_rate) < 1:
        return ""
    day, share = figures.abandonment_day, pct(figures.abandonment_rate)
    return f"Last {day:%A} {share}% of callers hung up before reaching anyone. "
