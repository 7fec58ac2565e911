"""education.api.staffing: the staffing calculator over HTTP."""

import math

import pytest

from education import staffing

ERLANG_C = "/api/staffing/erlang-c/"


REQUIRED = "/api/staffing/required-agents/"


GOOD = {"contacts": 100, "interval_minutes": 30, "aht_seconds": 180, "agents": 14, "target_seconds": 20}


def test_erlang_c_returns_the_modules_figures(org, api_as):
    response = api_as(org.executive).get(ERLANG_C, GOOD)
    assert response.status_code == 200
    body = response.json()
    expected = staffing.queue_figures(agents=14, traffic=10.0, aht_seconds=180, target_seconds=20)
    assert body["traffic_erlangs"] == pytest.approx(10.0, rel=1e-12)
    assert body["probability_of_waiting"] == pytest.approx(expected.probability_of_waiting, rel=1e-12)
    assert body["service_level"] == pytest.approx(expected.service_level, rel=1e-12)
    assert body["average_speed_of_answer_seconds"] == pytest.approx(expected.average_speed_of_answer_seconds, rel=1e-12)
    assert body["occupancy"] == pytest.approx(10 / 14, rel=1e-12)


def test_an_understaffed_queue_is_a_200_with_no_finite_wait(org, api_as):
    body = api_as(org.analyst).get(ERLANG_C, {**GOOD, "agents": 9}).json()
    assert body["understaffed"] is True
    assert body["service_level"] == 0.0 and body["probability_of_waiting"] == 1.0
    assert body["average_speed_of_answer_seconds"] is None


def test_required_agents_with_shrinkage(org, api_as):
    response = api_as(org.marketing_member).get(
        REQUIRED,
        {
            "contacts": 100,
            "interval_minutes": 30,
            "aht_seconds": 180,
            "target_service_level": 0.8,
            "target_seconds": 20,
            "shrinkage": 0.3,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["agents"] == 14 and body["scheduled_staff"] == 20
    assert body["service_level"] >= 0.8 and body["occupancy"] == pytest.approx(10 / 14)


@pytest.mark.parametrize(
    ("url", "change", "parameter"),
    [
        (ERLANG_C, {"contacts": -5}, "contacts"),
        (ERLANG_C, {"interval_minutes": 0}, "interval_minutes"),
        (ERLANG_C, {"aht_seconds": 0}, "aht_seconds"),
        (ERLANG_C, {"aht_seconds": "abc"}, "aht_seconds"),
        (ERLANG_C, {"agents": 0}, "agents"),
        (ERLANG_C, {"agents": 2001}, "agents"),
        (ERLANG_C, {"target_seconds": -1}, "target_seconds"),
        (ERLANG_C, {"contacts": 1_000_000}, "contacts"),
        (ERLANG_C, {"target_seconds": "nan"}, "target_seconds"),
        (REQUIRED, {"target_service_level": 1.5}, "target_service_level"),
        (REQUIRED, {"target_service_level": 0}, "target_service_level"),
        (REQUIRED, {"shrinkage": 1}, "shrinkage"),
        (REQUIRED, {"contacts": 1_000_000}, "contacts"),
        (REQUIRED, {"contacts": 23_900, "aht_seconds": 300, "target_service_level": 0.99}, "contacts"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(org, api_as, url, change, parameter):
    params = {**GOOD, "target_service_level": 0.8, "shrinkage": 0.2} if url == REQUIRED else dict(GOOD)
    if url == REQUIRED:
        params.pop("agents")
    params.update(change)
    response = api_as(org.lead).get(url, params)
    assert response.status_code == 400, response.json()
    assert parameter in response.json()


def test_a_missing_parameter_is_named(org, api_as):
    response = api_as(org.lead).get(ERLANG_C, {k: v for k, v in GOOD.items() if k != "agents"})
    assert response.status_code == 400 and "agents" in response.json()


def test_people_with_no_role_cannot_use_the_calculator(org, api_as):
    assert api_as(org.outsider).get(ERLANG_C, GOOD).status_code == 403


def test_grid_value_through_the_api_matches_to_1e9(org, api_as):
    params = {"contacts": 57000, "interval_minutes": 30, "aht_seconds": 60, "agents": 1950, "target_seconds": 20}
    body = api_as(org.lead).get(ERLANG_C, params).json()
    expected = staffing.queue_figures(agents=1950, traffic=1900.0, aht_seconds=60, target_seconds=20)
    assert math.isclose(body["service_level"], expected.service_level, rel_tol=1e-9)
