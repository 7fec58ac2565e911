"""Actions a department committed to: the status service and the API (`GET /api/actions/`,
`POST /api/actions/<id>/status/`), role by role, with bad input, the 404 for another department's action, the
scorecard figure they move and pinned query counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attribution.models import ActionCommitment
from attribution.selectors.signoffs import department_scorecards
from attribution.services.signoffs import action_commitment_set_status
from tests.attribution.action_helpers import commit, committed_actions, open_requests

pytestmark = pytest.mark.django_db

ROLES = ["analyst", "lead", "executive", "admin", "signatory", "member", "other_department", "outsider"]
# role -> (departments whose actions it lists, what POSTing a status on a Marketing action returns)
EXPECTED = {
    "analyst": ({"marketing", "sales"}, 403),
    "lead": ({"marketing", "sales"}, 403),
    "executive": ({"marketing", "sales"}, 403),
    "admin": (set(), 404),
    "signatory": ({"marketing"}, 200),
    "member": ({"marketing"}, 200),
    "other_department": ({"sales"}, 404),
    "outsider": (set(), 404),
}


def _user(org, role):
    return org.sales_signatory if role == "other_department" else org.by_role()[role]


@pytest.fixture
def actions(org):
    return committed_actions(org)


def _status(client, action, **body):
    return client.post(f"/api/actions/{action.pk}/status/", body, format="json")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_the_actions_it_may_see_and_changes_only_its_departments(org, actions, api_as, role):
    listed_departments, expected_status = EXPECTED[role]
    client = api_as(_user(org, role))
    listed = client.get("/api/actions/").json()["results"]
    assert {row["department"] for row in listed} == listed_departments
    response = _status(client, actions["upcoming"], status="done")
    assert response.status_code == expected_status, response.json()
    upcoming = ActionCommitment.objects.get(pk=actions["upcoming"].pk)
    assert upcoming.status == ("done" if expected_status == 200 else "open")
    if expected_status == 200:
        assert response.json()["status"] == "done" and response.json()["done_on"] == str(timezone.localdate())
        assert response.json()["done_on_time"] is True


def test_another_departments_action_is_not_found_and_left_alone(org, actions, api_as):
    client = api_as(org.marketing_member)
    response = _status(client, actions["sales"], status="dropped", reason="Not ours")
    assert response.status_code == 404
    assert _status(client, ActionCommitment(pk=10**9), status="done").status_code == 404
    assert ActionCommitment.objects.get(pk=actions["sales"].pk).status == "open"


def test_listed_action_says_what_it_is_about_who_owns_it_and_when_it_is_due(org, actions, api_as):
    rows = api_as(org.marketing_member).get("/api/actions/").json()["results"]
    overdue = next(row for row in rows if row["id"] == actions["overdue"].pk)
    request = actions["requests"]["marketing"]
    assert overdue == {
        "id": actions["overdue"].pk,
        "request": request.pk,
        "insight": request.insight_id,
        "insight_title": "Customers call twice about the same bill",
        "department": "marketing",
        "description": "Rewrite the bill reminder e-mail",
        "owner": org.marketing_member.pk,
        "owner_name": str(org.marketing_member),
        "due_on": str(timezone.localdate() - timedelta(days=3)),
        "status": "open",
        "done_on": None,
        "drop_reason": "",
        "overdue": True,
        "done_on_time": None,
        "created_at": overdue["created_at"],
    }


def test_open_actions_come_first_then_by_due_date(org, actions, api_as):
    done = commit(
        actions["requests"]["marketing"],
        by=org.marketing_member,
        owner=org.marketing_member,
        description="d",
        due_in=-9,
    )
    action_commitment_set_status(user=org.marketing_member, action_id=done.pk, status="done")
    rows = api_as(org.lead).get("/api/actions/").json()["results"]
    assert [r["id"] for r in rows] == [actions[k].pk for k in ("overdue", "sales", "upcoming")] + [done.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", {"overdue", "upcoming", "sales"}),
        ("status=done", {"done"}),
        ("status=dropped", {"dropped"}),
        ("overdue=true", {"overdue"}),
        ("overdue=false", {"upcoming", "sales", "done", "dropped"}),
        ("status=open&overdue=false", {"upcoming", "sales"}),
        ("department=sales", {"sales"}),
        ("department=marketing&overdue=true", {"overdue"}),
    ],
)
def test_filters(org, actions, api_as, query, expected):
    request = actions["requests"]["marketing"]
    for name, status, reason in (("done", "done", ""), ("dropped", "dropped", "The supplier changed")):
        actions[name] = commit(
            request, by=org.marketing_member, owner=org.marketing_member, description=name, due_in=-1
        )
        action_commitment_set_status(
            user=org.marketing_member, action_id=actions[name].pk, status=status, reason=reason
        )
    names = {a.pk: name for name, a in actions.items() if name != "requests"}
    rows = api_as(org.lead).get(f"/api/actions/?{query}").json()["results"]
    assert {names[r["id"]] for r in rows} == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=finished", "status"), ("overdue=yes", "overdue"), ("department=sales", "department")],
)
def test_a_bad_filter_is_400_naming_it(org, actions, api_as, query, field):
    response = api_as(org.marketing_member).get(f"/api/actions/?{query}")  # Sales is not a department it sees
    assert response.status_code == 400 and list(response.json()) == [field]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "status"),
        ({"status": "finished"}, "status"),
        ({"status": "open"}, "status"),
        ({"status": "dropped"}, "reason"),
        ({"status": "dropped", "reason": "   "}, "reason"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_changes_nothing(org, actions, api_as, body, field):
    response = _status(api_as(org.marketing_member), actions["upcoming"], **body)
    assert response.status_code == 400 and field in response.json(), response.json()
    assert ActionCommitment.objects.get(pk=actions["upcoming"].pk).status == "open"


def test_dropping_keeps_the_reason(org, actions, api_as):
    response = _status(api_as(org.marketing_signatory), actions["overdue"], status="dropped", reason=" Covered by X ")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["drop_reason"]) == ("dropped", "Covered by X")
    assert response.json()["overdue"] is False and response.json()["done_on"] is None


def test_a_finished_action_never_changes_but_a_repeat_returns_it(org, actions, api_as):
    client = api_as(org.marketing_member)
    first = _status(client, actions["upcoming"], status="done")
    assert _status(client, actions["upcoming"], status="done").json() == first.json()  # a double-click
    refused = _status(client, actions["upcoming"], status="dropped", reason="Changed our minds")
    assert refused.status_code == 400
    assert refused.json() == {"status": ["This action is already done; only open actions change."]}
    _status(client, actions["overdue"], status="dropped", reason="Covered elsewhere")
    assert _status(client, actions["overdue"], status="dropped", reason="Covered elsewhere").status_code == 200
    assert _status(client, actions["overdue"], status="dropped", reason="Another reason").status_code == 400
    assert _status(client, actions["overdue"], status="done").status_code == 400
    stored = {a.pk: (a.status, a.drop_reason) for a in ActionCommitment.objects.all()}
    assert stored[actions["upcoming"].pk] == ("done", "")
    assert stored[actions["overdue"].pk] == ("dropped", "Covered elsewhere")


def test_the_service_refuses_an_unknown_action_naming_it(org):
    with pytest.raises(ValidationError) as exc:
        action_commitment_set_status(user=org.marketing_member, action_id=10**9, status="done")
    assert list(exc.value.message_dict) == ["action"]


def test_committing_an_action_returns_it_as_the_list_shows_it(org, api_as):
    request = open_requests(org)["marketing"]
    client = api_as(org.marketing_member)
    body = {"description": "Fix the form", "owner": org.marketing_member.pk, "due_on": "2030-01-01"}
    created = client.post(f"/api/signoff-requests/{request.pk}/actions/", body, format="json")
    assert created.status_code == 201
    assert created.json() == client.get("/api/actions/").json()["results"][0]


def _on_time_pct(slug: str):
    return next(c for c in department_scorecards() if c["slug"] == slug)["actions_on_time_pct"]


def test_marking_an_action_done_on_time_moves_the_departments_actions_on_time(org, actions, api_as):
    # Marketing's only action that has come due is the overdue one: 0 % on time. Sales has none come due yet.
    assert (_on_time_pct("marketing"), _on_time_pct("sales")) == (0.0, None)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    summary = f"/api/exec/summary/?year={today.year}&quarter={quarter}"
    executive = api_as(org.executive)

    def on_dashboard():
        return next(r for r in executive.get(summary).json()["partnership"] if r["slug"] == "marketing")

    assert on_dashboard()["actions_on_time_pct"] == 0.0
    assert _status(api_as(org.marketing_member), actions["upcoming"], status="done").status_code == 200
    assert (_on_time_pct("marketing"), _on_time_pct("sales")) == (50.0, None)
    assert on_dashboard()["actions_on_time_pct"] == 50.0


def _many_actions(org, count: int) -> None:
    """`count` more actions for Marketing, each on its own insight and request, owned by different people."""
    owners = [org.marketing_member, org.marketing_signatory]
    for i in range(count):
        request = open_requests(org)["marketing"]
        commit(request, by=org.marketing_member, owner=owners[i % 2], description=f"Action {i}", due_in=i - 5)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/api/actions/", "/api/actions/?status=open&overdue=true&department=marketing"])
def test_list_query_count_does_not_grow_with_actions(org, api_as, url, django_assert_max_num_queries):
    client = api_as(org.marketing_member)
    _many_actions(org, 2)
    few = _queries(client, url)
    _many_actions(org, 30)
    assert client.get("/api/actions/").json()["count"] == 32
    assert _queries(client, url) == few
    with django_assert_max_num_queries(5):
        client.get(url)
