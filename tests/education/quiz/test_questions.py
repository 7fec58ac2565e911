"""education.quiz: every question template computes its answer from the figures; choices read differently."""

import math
import random
from datetime import date

import pytest

from education import quiz, staffing
from education.quiz import SAMPLE_FIGURES, CenterFigures, build_questions

REAL_FIGURES = CenterFigures(
    hourly_contacts=60.0,
    busiest_hour=14,
    busiest_hour_contacts=100.0,
    aht_seconds=180.0,
    target_seconds=20,
    abandonment_day=date(2025, 3, 4),
    abandonment_rate=0.14,
    contacts=1000,
)


def fewest_for(traffic: float, aht: float, level: float, target: float = 20) -> int:
    """Independent of required_agents: walk up one agent at a time with the public service_level()."""
    n = math.floor(traffic) + 1
    while staffing.service_level(agents=n, traffic=traffic, aht_seconds=aht, target_seconds=target) < level:
        n += 1
    return n


def question(template: str, figures: CenterFigures = REAL_FIGURES, seed: int = 1) -> quiz.QuestionDraft:
    return quiz.TEMPLATES[template](figures, random.Random(seed))


def test_the_seed_question_uses_the_real_abandonment_and_computes_occupancy():
    q = question("occupancy_after_adding_people")
    traffic = 100 * 180 / 3600  # 5 Erlangs
    team = fewest_for(traffic, 180, 0.8)
    # By hand: at 5 Erlangs, 7 agents wait with probability 0.3241 and answer 1 − 0.3241·e^(−2·20/180) = 74 %
    # within 20 s; 8 agents answer 88 %. So the team is 8, and 3 more take occupancy from 5/8 to 5/11.
    assert team == 8
    assert q.prompt.startswith("Last Tuesday 14% of callers hung up before reaching anyone.")
    assert "add 3 people at 2 pm" in q.prompt
    assert (
        q.correct_text == f"It falls from {round(100 * traffic / team)}% to about {round(100 * traffic / (team + 3))}%"
    )
    assert q.correct_text == "It falls from 62% to about 45%"
    assert "occupancy" in q.explanation


def test_occupancy_falls_when_the_service_level_rises():
    q = question("occupancy_when_service_level_rises")
    traffic = 5.0
    low, high = fewest_for(traffic, 180, 0.8), fewest_for(traffic, 180, 0.95)
    assert high > low
    assert q.correct_text == f"It goes down, from {round(100 * traffic / low)}% to about {round(100 * traffic / high)}%"


def test_people_for_a_higher_service_level_is_computed_not_scaled():
    q = question("people_for_higher_service_level")
    assert q.correct_text == f"{fewest_for(5.0, 180, 0.9)} people"


def test_the_wait_with_one_person_fewer_is_erlang_c():
    q = question("wait_when_one_person_steps_away")
    team = fewest_for(5.0, 180, 0.8)
    wait = staffing.average_speed_of_answer(agents=team - 1, traffic=5.0, aht_seconds=180)
    assert q.correct_text == f"About {round(wait)} seconds"


def test_people_saved_by_shorter_calls():
    q = question("people_saved_by_shorter_calls")
    saved = fewest_for(5.0, 180, 0.8) - fewest_for(100 * 150 / 3600, 150, 0.8)
    expected = (
        "None: the same number of people" if saved == 0 else f"{saved} fewer {'person' if saved == 1 else 'people'}"
    )
    assert q.correct_text == expected


def test_abandonment_question_reads_the_real_day():
    q = question("abandonment_on_the_worst_day")
    assert "Tuesday 4 March" in q.prompt
    assert q.correct_text == "14 in 100"


@pytest.mark.parametrize(
    "figures",
    [
        SAMPLE_FIGURES,
        REAL_FIGURES,
        CenterFigures(hourly_contacts=2, busiest_hour=8, busiest_hour_contacts=3, aht_seconds=240, target_seconds=20),
        CenterFigures(
            hourly_contacts=4000,
            busiest_hour=10,
            busiest_hour_contacts=6000,
            aht_seconds=420,
            target_seconds=30,
            abandonment_rate=0.003,
            abandonment_day=date(2025, 1, 6),
        ),
    ],
)
@pytest.mark.parametrize("seed", range(5))
def test_every_question_has_four_distinct_choices_and_one_right_answer(figures, seed):
    for draft in build_questions(figures, count=6, seed=seed):
        assert len(draft.choices) == 4
        assert len(set(draft.choices)) == 4, draft.choices
        assert 0 <= draft.correct_choice < 4
        assert draft.explanation


def test_sample_figures_leave_out_the_abandonment_question():
    templates = {d.template for d in build_questions(SAMPLE_FIGURES, count=6, seed=1)}
    assert "abandonment_on_the_worst_day" not in templates
    assert len(templates) == 5
