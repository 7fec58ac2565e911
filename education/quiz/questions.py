"""Quiz question templates: each turns the center's own figures into a multiple-choice question.

The right answer is computed (with education.staffing), never typed in; wrong answers are the
mistakes people actually make (thinking linearly, forgetting that the work does not change).
Pure functions, no I/O: the selector gathers the figures, the service stores the questions.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from education import staffing
from education.quiz.choices import (
    BASE_SERVICE_LEVEL,
    QuestionDraft,
    abandonment_intro,
    busy_hour,
    num,
    shuffled_choices,
    two_pcts,
)
from education.quiz.figures import CenterFigures, pct


def occupancy_after_adding_people(figures: CenterFigures, rng: random.Random) -> QuestionDraft:
    """The seed's question: add people at the busy hour; what happens to the time spent talking?"""
    traffic, team, at = busy_hour(figures)
    added = 3
    before = staffing.queue_figures(
        agents=team, traffic=traffic, aht_seconds=figures.aht_seconds, target_seconds=figures.target_seconds
    )
    after = staffing.queue_figures(
        agents=team + added, traffic=traffic, aht_seconds=figures.aht_seconds, target_seconds=figures.target_seconds
    )
    b, a, digits = two_pcts(before.occupancy, after.occupancy)
    step = 10**-digits
    drop = max(step, b - a)

    def fmt(value: float) -> str:
        value = round(value, digits)
        if value == b:
            return f"It stays at {num(b, digits)}%: the same calls need the same talking time"
        verb = "rises" if value > b else "falls"
        return f"It {verb} from {num(b, digits)}% to about {num(value, digits)}%"

    choices, correct = shuffled_choices(a, [min(99.9, b + drop), b, max(step, a - drop)], fmt, rng, step=step, low=step)
    return QuestionDraft(
        template="occupancy_after_adding_people",
        prompt=(
            f"{abandonment_intro(figures)}At {at}, {team} people answer about {round(figures.busiest_hour_contacts)} "
            f"calls an hour. If we add {added} people at {at}, what happens to the share of the team's time spent "
            "talking to customers?"
        ),
        choices=choices,
        correct_choice=correct,
        explanation=(
            f"The calls — and the talking they need — do not change: about {traffic:.1f} people's worth of work. "
            f"Shared by {team + added} people instead of {team}, each spends {num(a, digits)}% of the hour "
            f"talking instead of {num(b, digits)}% (this share is called occupancy). What changes for callers "
            "is the wait: the share answered within "
            f"{figures.target_seconds} seconds goes from {pct(before.service_level)}% to {pct(after.service_level)}%."
        ),
        inputs={
            "traffic_erlangs": traffic,
            "team": team,
            "added": added,
            "before": before.occupancy,
            "after": after.occupancy,
        },
    )


def occupancy_when_service_level_rises(figures: CenterFigures, rng: random.Random) -> QuestionDraft:
    """The game-show question: when the service level goes up, what happens to occupancy?"""
    traffic, _, at = busy_hour(figures)
    low, high = 0.80, 0.95
    easy = staffing.required_agents(
        traffic=traffic,
        aht_seconds=figures.aht_seconds,
        target_service_level=low,
        target_seconds=figures.target_seconds,
    )
    hard = staffing.required_agents(
        traffic=traffic,
        aht_seconds=figures.aht_seconds,
        target_service_level=high,
        target_seconds=figures.target_seconds,
    )
    b, a, digits = two_pcts(easy.occupancy, hard.occupancy)
    step = 10**-digits
    drop = max(2 * step, b - a)

    def fmt(value: float) -> str:
        value = round(value, digits)
        if value == b:
            return f"It stays at about {num(b, digits)}%: the same people can keep the faster promise"
        verb = "goes up" if value > b else "goes down"
        return f"It {verb}, from {num(b, digits)}% to about {num(value, digits)}%"

    choices, correct = shuffled_choices(a, [min(99.9, b + drop), b, max(step, a - drop)], fmt, rng, step=step, low=step)
    if hard.agents == easy.agents:
        why = (
            f"At this volume the same {easy.agents} people already answer {pct(high)}% of calls within "
            f"{figures.target_seconds} seconds, so nothing changes. In a busier hour a faster promise needs more "
            "people standing ready, and each of them then spends less of the hour talking."
        )
    else:
        why = (
            f"A faster promise needs more people standing ready: {hard.agents} instead of {easy.agents}. "
            f"The talking to be done stays the same, so each person spends less of the hour on it — "
            f"{num(a, digits)}% instead of {num(b, digits)}%. Higher service level, lower occupancy: that "
            "idle-looking time is what buys the short wait."
        )
    return QuestionDraft(
        template="occupancy_when_service_level_rises",
        prompt=(
            f"At {at} we plan to answer {pct(low)}% of calls within {figures.target_seconds} seconds. If we raise "
            f"that promise to {pct(high)}%, what happens to occupancy — the share of each person's time spent "
            "talking to customers?"
        ),
        choices=choices,
        correct_choice=correct,
        explanation=why,
        inputs={"traffic_erlangs": traffic, "agents_low": easy.agents, "agents_high": hard.agents},
    )


def people_for_higher_service_level(figures: CenterFigures, rng: random.Random) -> QuestionDraft:
    """How many people does a 90 % promise need when 80 % needs N? (Not N × 90/80.)"""
    traffic, team, at = busy_hour(figures)
    needed = staffing.required_agents(
        traffic=traffic,
        aht_seconds=figures.aht_seconds,
        target_service_level=0.9,
        target_seconds=figures.target_seconds,
    ).agents
    linear = math.ceil(team * 0.9 / 0.8)
    wrongs = [team, linear if linear != needed else linear + 2, needed + max(2, team // 4)]

    def fmt(value: float) -> str:
        value = round(value)
        return f"{value} {'person' if value == 1 else 'people'}"

    choices, correct = shuffled_choices(needed, wrongs, fmt, rng, low=1)
    return QuestionDraft(
        template="people_for_higher_service_level",
        prompt=(
            f"At {at}, {team} people answer 80% of calls within {figures.target_seconds} seconds. "
            f"How many people would it take to answer 90% within {figures.target_seconds} seconds?"
        ),
        choices=choices,
        correct_choice=correct,
        explanation=(
            f"{needed} people. Queues are not linear: the work is about {traffic:.1f} people's worth, and each "
            f"extra person mostly shortens the queue. Scaling the team by 90/80 would give {linear}, which is "
            f"{'too many' if linear > needed else 'not enough' if linear < needed else 'right only by luck'}."
        ),
        inputs={"traffic_erlangs": traffic, "team": team, "needed": needed},
    )


def wait_when_one_person_steps_away(figures: CenterFigures, rng: random.Random) -> QuestionDraft:
    """One person fewer: the average wait grows far more than one person's share."""
    traffic, team, at = busy_hour(figures)
    full = staffing.queue_figures(
        agents=team, traffic=traffic, aht_seconds=figures.aht_seconds, target_seconds=figures.target_seconds
    )
    short = staffing.queue_figures(
        agents=max(1, team - 1), traffic=traffic, aht_seconds=figures.aht_seconds, target_seconds=figures.target_seconds
    )
    now_wait = full.average_speed_of_answer_seconds
    proportional = now_wait * team / max(1, team - 1)

    correct_value = math.inf if short.understaffed else short.average_speed_of_answer_seconds

    def fmt(value: float) -> str:
        if math.isinf(value):
            return "The queue never catches up: waits keep growing all hour"
        return f"About {round(value)} seconds"

    wrongs = [now_wait, proportional, max(correct_value if not math.isinf(correct_value) else now_wait, now_wait) * 3]
    choices, correct = shuffled_choices(correct_value, wrongs, fmt, rng, low=0)
    shown = fmt(correct_value).lower() if math.isinf(correct_value) else f"about {round(correct_value)} seconds"
    return QuestionDraft(
        template="wait_when_one_person_steps_away",
        prompt=(
            f"At {at}, with {team} people on the phones, callers wait about {round(now_wait)} seconds on average "
            "before someone answers. If one person steps away for the hour, how long do callers wait on average?"
        ),
        choices=choices,
        correct_choice=correct,
        explanation=(
            f"The answer is {shown}. Losing one person of {team} removes a small share of the team but a large "
            f"share of its spare capacity (the team has about {team - traffic:.1f} people's worth of slack), and the "
            "wait depends on the slack, not on the headcount."
        ),
        inputs={"traffic_erlangs": traffic, "team": team, "asa_before": now_wait, "asa_after": correct_value},
    )


def people_saved_by_shorter_calls(figures: CenterFigures, rng: random.Random) -> QuestionDraft:
    """A product fix shortens calls: how many fewer people does the busy hour need?"""
    traffic, team, at = busy_hour(figures)
    cut = 30 if figures.aht_seconds > 60 else max(1, round(figures.aht_seconds / 4))
    shorter = figures.aht_seconds - cut
    after = staffing.required_agents(
        traffic=figures.busiest_hour_contacts * shorter / 3600.0,
        aht_seconds=shorter,
        target_service_level=BASE_SERVICE_LEVEL,
        target_seconds=figures.target_seconds,
    ).agents
    saved = team - after

    def fmt(value: float) -> str:
        value = round(value)
        if value == 0:
            return "None: the same number of people"
        return f"{value} fewer {'person' if value == 1 else 'people'}"

    choices, correct = shuffled_choices(saved, [saved + 2, saved * 3 + 4, max(0, saved - 1)], fmt, rng, low=0)
    return QuestionDraft(
        template="people_saved_by_shorter_calls",
        prompt=(
            f"Calls take {figures.aht_seconds / 60:.1f} minutes on average. A product fix that stops one common "
            f"question would cut {cut} seconds from the average call. How many fewer people would {at} need to "
            f"keep answering 80% of calls within {figures.target_seconds} seconds?"
        ),
        choices=choices,
        correct_choice=correct,
        explanation=(
            f"{fmt(saved)}: {team} people before, {after} after. Shorter calls mean less work to share out "
            f"({traffic:.1f} → {figures.busiest_hour_contacts * shorter / 3600.0:.1f} people's worth), and a fix "
            "somewhere else in the company is what made them shorter."
        ),
        inputs={"team_before": team, "team_after": after, "cut_seconds": cut},
    )


def abandonment_on_the_worst_day(figures: CenterFigures, rng: random.Random) -> QuestionDraft:
    """A plain fact from the center's own data: how many callers hung up on the worst recent day?"""
    assert figures.abandonment_rate is not None and figures.abandonment_day is not None
    share = pct(figures.abandonment_rate)
    day = figures.abandonment_day
    wrongs = [max(0, share // 3), share * 2 + 3, share + 8]

    def fmt(value: float) -> str:
        return f"{round(value)} in 100"

    choices, correct = shuffled_choices(share, wrongs, fmt, rng, low=0)
    return QuestionDraft(
        template="abandonment_on_the_worst_day",
        prompt=(
            f"On {day:%A} {day.day} {day:%B}, out of every 100 people who called, how many hung up before "
            "reaching anyone?"
        ),
        choices=choices,
        correct_choice=correct,
        explanation=(
            f"{share} in 100. Every one of them is a customer who wanted something and gave up; the contact "
            "center's own records show it. Callers who hang up within the first few seconds are not counted — "
            "they usually dialled by mistake."
        ),
        inputs={"abandonment_rate": figures.abandonment_rate, "day": figures.abandonment_day.isoformat()},
    )


TEMPLATES: dict[str, Callable[[CenterFigures, random.Random], QuestionDraft]] = {
    "occupancy_after_adding_people": occupancy_after_adding_people,
    "occupancy_when_service_level_rises": occupancy_when_service_level_rises,
    "people_for_higher_service_level": people_for_higher_service_level,
    "wait_when_one_person_steps_away": wait_when_one_person_steps_away,
    "people_saved_by_shorter_calls": people_saved_by_shorter_calls,
    "abandonment_on_the_worst_day": abandonment_on_the_worst_day,
}


def available_templates(figures: CenterFigures) -> list[str]:
    """Templates the figures can feed (the abandonment question needs a real day of contacts)."""
    names = list(TEMPLATES)
    if figures.abandonment_rate is None:
        names.remove("abandonment_on_the_worst_day")
    return names


def build_questions(figures: CenterFigures, *, count: int, seed: int | str | None = None) -> list[QuestionDraft]:
    """`count` questions from distinct templates, the seed's occupancy question first."""
    rng = random.Random(seed)
    names = available_templates(figures)
    count = max(1, min(count, len(names)))
    first, rest = names[0], names[1:]
    rng.shuffle(rest)
    return [TEMPLATES[name](figures, rng) for name in [first, *rest][:count]]
