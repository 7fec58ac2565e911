"""Queue and staffing arithmetic (Erlang C): pure functions, no I/O, no Django.

Erlang C models a queue of contacts arriving at random (Poisson) and handled by `agents` identical
people; a contact that finds everyone busy waits. The waiting probability is computed through the
Erlang B recursion B(n) = A·B(n-1) / (n + A·B(n-1)), which stays in [0, 1] at every step, so it is
exact to rounding for 1 to 2,000 agents without factorials, powers or overflow.

A queue with no more agents than its traffic (agents ≤ Erlangs) never catches up: it is reported as
under-staffed (every contact waits, the wait is infinite, the service level is 0, occupancy is 1),
never as an exception or a negative number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from core.errors import DomainError

MAX_AGENTS = 2000


class StaffingInputError(DomainError, ValueError):
    """An input is out of range; `parameter` names it so callers can report it (a page's form, beside the field)."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message, field=parameter)
        self.args = (f"{parameter}: {message}",)
        self.parameter = parameter


def _finite_number(parameter: str, value: float) -> float:
    if isinstance(value, bool):
        raise StaffingInputError(parameter, "must be a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise StaffingInputError(parameter, "must be a number.") from None
    if math.isnan(number) or math.isinf(number):
        raise StaffingInputError(parameter, "must be a finite number.")
    return number


def _positive(parameter: str, value: float) -> float:
    number = _finite_number(parameter, value)
    if number <= 0:
        raise StaffingInputError(parameter, "must be greater than 0.")
    return number


def _non_negative(parameter: str, value: float) -> float:
    number = _finite_number(parameter, value)
    if number < 0:
        raise StaffingInputError(parameter, "must not be negative.")
    return number


def _agents(value: int, parameter: str = "agents") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise StaffingInputError(parameter, "must be a whole number of people.")
    if value < 1:
        raise StaffingInputError(parameter, "must be at least 1.")
    if value > MAX_AGENTS:
        raise StaffingInputError(parameter, f"must be at most {MAX_AGENTS:,}.")
    return value


def _traffic(value: float, parameter: str = "traffic_erlangs") -> float:
    traffic = _non_negative(parameter, value)
    if traffic > MAX_AGENTS:
        raise StaffingInputError(
            parameter, f"is more than {MAX_AGENTS:,} agents' worth of work ({traffic:,.1f} Erlangs)."
        )
    return traffic


def _fraction(parameter: str, value: float, *, allow_zero: bool, allow_one: bool) -> float:
    number = _finite_number(parameter, value)
    low_ok = number >= 0 if allow_zero else number > 0
    high_ok = number <= 1 if allow_one else number < 1
    if not (low_ok and high_ok):
        low = "0" if allow_zero else "more than 0"
        high = "1" if allow_one else "less than 1"
        raise StaffingInputError(parameter, f"must be between {low} and {high} (a share, not a percentage).")
    return number


def traffic_intensity(*, contacts: float, interval_minutes: float, aht_seconds: float) -> float:
    """Offered traffic in Erlangs: the number of people it would take to handle the work with no waiting."""
    contacts = _non_negative("contacts", contacts)
    interval_minutes = _positive("interval_minutes", interval_minutes)
    aht_seconds = _positive("aht_seconds", aht_seconds)
    return contacts * aht_seconds / (interval_minutes * 60.0)


def erlang_b(*, agents: int, traffic: float) -> float:
    """Blocking probability of a loss system (Erlang B), by the stable recursion."""
    agents = _agents(agents)
    traffic = _traffic(traffic)
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
    return blocking


def is_understaffed(*, agents: int, traffic: float) -> bool:
    """True when the queue can never catch up: no more agents than Erlangs of work (and some work)."""
    return _agents(agents) <= _traffic(traffic) and traffic > 0


def _erlang_c_from_b(agents: int, traffic: float, blocking: float) -> float:
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    return agents * blocking / (agents - traffic * (1.0 - blocking))


def probability_of_waiting(*, agents: int, traffic: float) -> float:
    """Erlang C: the probability that a contact finds every agent busy and waits (1 when under-staffed)."""
    blocking = erlang_b(agents=agents, traffic=traffic)
    return _erlang_c_from_b(agents, traffic, blocking)


def _service_level(agents: int, traffic: float, wait_probability: float, aht_seconds: float, target: float) -> float:
    if traffic == 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    level = 1.0 - wait_probability * math.exp(-(agents - traffic) * target / aht_seconds)
    return min(1.0, max(0.0, level))


def service_level(*, agents: int, traffic: float, aht_seconds: float, target_seconds: float) -> float:
    """Share of contacts answered within `target_seconds` (0 when under-staffed)."""
    aht_seconds = _positive("aht_seconds", aht_seconds)
    target_seconds = _non_negative("target_seconds", target_seconds)
    wait_probability = probability_of_waiting(agents=agents, traffic=traffic)
    return _service_level(agents, traffic, wait_probability, aht_seconds, target_seconds)


def average_speed_of_answer(*, agents: int, traffic: float, aht_seconds: float) -> float:
    """Mean wait before an agent answers, in seconds, over all contacts (infinite when under-staffed)."""
    aht_seconds = _positive("aht_seconds", aht_seconds)
    wait_probability = probability_of_waiting(agents=agents, traffic=traffic)
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return math.inf
    return wait_probability * aht_seconds / (agents - traffic)


def occupancy(*, agents: int, traffic: float) -> float:
    """Share of the agents' time spent handling contacts (capped at 1 when under-staffed)."""
    agents = _agents(agents)
    traffic = _traffic(traffic)
    return min(1.0, traffic / agents)


@dataclass(frozen=True)
class QueueFigures:
    """Everything Erlang C says about one queue with a given number of agents."""

    agents: int
    traffic_erlangs: float
    probability_of_waiting: float
    service_level: float
    average_speed_of_answer_seconds: float  # math.inf when under-staffed
    occupancy: float
    understaffed: bool


def queue_figures(*, agents: int, traffic: float, aht_seconds: float, target_seconds: float) -> QueueFigures:
    """All the figures for one staffing level, computed with one pass of the recursion."""
    agents = _agents(agents)
    traffic = _traffic(traffic)
    aht_seconds = _positive("aht_seconds", aht_seconds)
    target_seconds = _non_negative("target_seconds", target_seconds)
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
    return _figures(agents, traffic, blocking, aht_seconds, target_seconds)


def _figures(agents: int, traffic: float, blocking: float, aht_seconds: float, target: float) -> QueueFigures:
    wait_probability = _erlang_c_from_b(agents, traffic, blocking)
    understaffed = traffic > 0 and agents <= traffic
    if traffic == 0:
        asa = 0.0
    elif understaffed:
        asa = math.inf
    else:
        asa = wait_probability * aht_seconds / (agents - traffic)
    return QueueFigures(
        agents=agents,
        traffic_erlangs=traffic,
        probability_of_waiting=wait_probability,
        service_level=_service_level(agents, traffic, wait_probability, aht_seconds, target),
        average_speed_of_answer_seconds=asa,
        occupancy=min(1.0, traffic / agents),
        understaffed=understaffed,
    )


def required_agents(
    *,
    traffic: float,
    aht_seconds: float,
    target_service_level: float,
    target_seconds: float,
    max_occupancy: float | None = None,
) -> QueueFigures:
    """The fewest agents whose service level meets the target (and whose occupancy stays under the cap).

    Walks the Erlang B recursion upwards once, so the search costs O(agents), not O(agents²).
    Raises StaffingInputError("traffic_erlangs") when even 2,000 agents would not do.
    """
    traffic = _traffic(traffic)
    aht_seconds = _positive("aht_seconds", aht_seconds)
    target_seconds = _non_negative("target_seconds", target_seconds)
    target_service_level = _fraction("target_service_level", target_service_level, allow_zero=False, allow_one=False)
    if max_occupancy is not None:
        max_occupancy = _fraction("max_occupancy", max_occupancy, allow_zero=False, allow_one=True)
    blocking = 1.0
    for n in range(1, MAX_AGENTS + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
        if traffic > 0 and n <= traffic:
            continue
        figures = _figures(n, traffic, blocking, aht_seconds, target_seconds)
        if figures.service_level < target_service_level:
            continue
        if max_occupancy is not None and figures.occupancy > max_occupancy:
            continue
        return figures
    raise StaffingInputError(
        "traffic_erlangs",
        f"needs more than {MAX_AGENTS:,} agents to meet the target; split the queue or lower the target.",
    )


def scheduled_staff(*, agents: int, shrinkage: float) -> int:
    """People to schedule so that `agents` remain on the phones after shrinkage (breaks, training, absence).

    Exact rational arithmetic: 14 agents at 30 % shrinkage is 20 people, not 21 from 14 / 0.7 = 20.000000000000004.
    """
    agents = _agents(agents)
    shrinkage = _fraction("shrinkage", shrinkage, allow_zero=True, allow_one=False)
    exact = Fraction(agents) / (1 - Fraction(str(shrinkage)))
    return math.ceil(exact)


def tradeoff(
    *,
    traffic: float,
    aht_seconds: float,
    target_seconds: float,
    service_levels: list[float],
) -> list[QueueFigures]:
    """Agents needed (and the occupancy that results) for each target service level, in the order given."""
    return [
        required_agents(
            traffic=traffic, aht_seconds=aht_seconds, target_service_level=level, target_seconds=target_seconds
        )
        for level in service_levels
    ]
