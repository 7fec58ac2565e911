"""The "Your department's actions" page: who sees which actions, who gets the controls to mark one done or drop
it, the forms themselves (labelled, CSRF-protected) and what the page says when a change is refused."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from attribution.models import ActionCommitment
from tests.attribution.action_helpers import commit, committed_actions, open_requests

pytestmark = pytest.mark.django_db

ROLES = ["analyst", "lead", "executive", "admin", "signatory", "member", "other_department", "outsider"]
# role -> (page status, actions it lists, actions it gets controls for)
EXPECTED = {
    "analyst": (200, {"overdue", "upcoming", "sales"}, set()),
    "lead": (200, {"overdue", "upcoming", "sales"}, set()),
    "executive": (200, {"overdue", "upcoming", "sales"}, set()),
    "admin": (403, set(), set()),
    "signatory": (200, {"overdue", "upcoming"}, {"overdue", "upcoming"}),
    "member": (200, {"overdue", "upcoming"}, {"overdue", "upcoming"}),
    "other_department": (200, {"sales"}, {"sales"}),
    "outsider": (403, set(), set()),
}


def _user(org, role):
    return org.sales_signatory if role == "other_department" else org.by_role()[role]


def _client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def actions(org):
    return committed_actions(org)


def _main(response) -> str:
    return response.content.decode().split('<main id="main">', 1)[1]


def _row(html: str, action) -> str:
    match = re.search(rf'<tr id="action-{action.pk}"[^>]*>(.*?)</tr>', html, re.S)
    return match.group(1) if match else ""


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_actions_and_only_its_departments_people_get_controls(org, actions, role):
    status, listed, controls = EXPECTED[role]
    response = _client(_user(org, role)).get("/actions/")
    assert response.status_code == status
    if status != 200:
        return
    main = _main(response)
    names = {"overdue", "upcoming", "sales"}
    assert {n for n in names if f'id="action-{actions[n].pk}"' in main} == listed
    assert {n for n in names if f'action="/actions/{actions[n].pk}/status/"' in _row(main, actions[n])} == controls
    if not controls:
        assert 'method="post"' not in main  # executives and center staff read, and change nothing


def test_the_list_shows_overdue_plainly_open_first_with_due_date_owner_and_the_request(org, actions):
    done = commit(actions["requests"]["marketing"], by=org.marketing_member, owner=org.marketing_member,
                  description="Already handled", due_in=-10)  # fmt: skip
    _client(org.marketing_member).post(f"/actions/{done.pk}/status/", {"status": "done"})
    main = _main(_client(org.marketing_signatory).get("/actions/"))
    assert "Your department&#x27;s actions" in main and "Marketing" in main
    assert '2 open, <strong class="bad">1 overdue</strong>' in main
    order = [int(pk) for pk in re.findall(r'<tr id="action-(\d+)"', main)]
    assert order == [actions["overdue"].pk, actions["upcoming"].pk, done.pk]
    overdue = _row(main, actions["overdue"])
    assert "Overdue by 3 days" in overdue and '<span class="badge status-overdue">Overdue</span>' in overdue
    assert f"<td>{escape(org.marketing_member)}</td>" in overdue  # its owner, by name
    request = actions["requests"]["marketing"]
    assert f'href="/signoffs/requests/{request.pk}/">Customers call twice about the same bill</a>' in overdue
    upcoming = _row(main, actions["upcoming"])
    assert "In 7 days" in upcoming and "Overdue" not in upcoming
    assert "Done</span> on" in _row(main, done) and "late" in _row(main, done)


def test_owner_reads_you_for_their_own_actions(org, actions):
    main = _main(_client(org.marketing_signatory).get("/actions/"))
    assert "<td>You</td>" in _row(main, actions["upcoming"])


class _Labels(HTMLParser):
    """Collects the ids of form controls and the `for` of labels."""

    def __init__(self):
        super().__init__()
        self.controls, self.labels = set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("textarea", "select") or (tag == "input" and attrs.get("type") not in ("hidden", "submit")):
            self.controls.add(attrs.get("id"))
        if tag == "label":
            self.labels.add(attrs.get("for"))


def test_every_field_has_a_label_and_every_form_a_csrf_token(org, actions):
    main = _main(_client(org.marketing_member).get("/actions/"))
    parser = _Labels()
    parser.feed(main)
    assert parser.controls and parser.controls <= parser.labels
    posts = re.findall(r'<form method="post".*?</form>', main, re.S)
    assert len(posts) == 4 and all('name="csrfmiddlewaretoken"' in form for form in posts)


def test_a_post_without_the_csrf_token_is_refused(org, actions):
    client = _client(org.marketing_member, enforce_csrf_checks=True)
    assert client.post(f"/actions/{actions['upcoming'].pk}/status/", {"status": "done"}).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get("/actions/").content.decode())[1]
    answer = client.post(f"/actions/{actions['upcoming'].pk}/status/", {"status": "done", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    assert ActionCommitment.objects.get(pk=actions["upcoming"].pk).status == "done"


def test_marking_done_returns_to_the_same_filtered_list_and_says_so(org, actions):
    client = _client(org.marketing_member)
    response = client.post(f"/actions/{actions['upcoming'].pk}/status/?status=open&page=1", {"status": "done"})
    assert response.status_code == 302 and response["Location"] == "/actions/?status=open&page=1"
    page = client.get(response["Location"]).content.decode()
    assert "Marked “Add the due date to the first page of the bill” done." in page
    assert f'id="action-{actions["upcoming"].pk}"' not in page  # no longer open


def test_dropping_needs_a_reason_and_the_page_says_which_action_and_why(org, actions):
    client = _client(org.marketing_member)
    url = f"/actions/{actions['overdue'].pk}/status/"
    refused = client.post(url, {"status": "dropped", "reason": " "})
    assert refused.status_code == 400
    main = _main(refused)
    assert 'role="alert"' in main and "Could not change “Rewrite the bill reminder e-mail”" in main
    row = _row(main, actions["overdue"])
    assert "<details open>" in row and 'aria-invalid="true"' in row and "Say why the action is dropped." in row
    assert ActionCommitment.objects.get(pk=actions["overdue"].pk).status == "open"
    assert client.post(url, {"status": "dropped", "reason": "Covered by the new bill"}).status_code == 302
    row = _row(_main(client.get("/actions/")), actions["overdue"])
    assert "Dropped" in row and "Covered by the new bill" in row and "<form" not in row


def test_changing_a_finished_action_is_refused_on_the_page_too(org, actions):
    client = _client(org.marketing_member)
    url = f"/actions/{actions['upcoming'].pk}/status/"
    client.post(url, {"status": "done"})
    refused = client.post(url, {"status": "dropped", "reason": "Changed our minds"})
    assert refused.status_code == 400 and "already done" in refused.content.decode()


def test_another_departments_action_is_not_found_and_executives_are_refused(org, actions):
    assert (
        _client(org.marketing_member).post(f"/actions/{actions['sales'].pk}/status/", {"status": "done"}).status_code
        == 404
    )
    assert _client(org.executive).post(f"/actions/{actions['sales'].pk}/status/", {"status": "done"}).status_code == 403
    assert _client(org.marketing_member).get(f"/actions/{actions['upcoming'].pk}/status/").status_code == 405
    assert set(ActionCommitment.objects.values_list("status", flat=True)) == {"open"}


def test_a_bad_filter_is_400_naming_it(org, actions):
    response = _client(org.marketing_member).get("/actions/?overdue=maybe")
    assert response.status_code == 400 and "Overdue: Select a valid choice" in response.content.decode()


def test_filters_narrow_the_list_and_center_staff_can_pick_a_department(org, actions):
    main = _main(_client(org.marketing_member).get("/actions/?overdue=true"))
    assert f'id="action-{actions["overdue"].pk}"' in main and f'id="action-{actions["upcoming"].pk}"' not in main
    assert 'name="department"' not in main  # one department: nothing to choose
    main = _main(_client(org.lead).get("/actions/?department=sales"))
    assert 'name="department"' in main and "Departments&#x27; actions" in main
    assert re.findall(r'<tr id="action-(\d+)"', main) == [str(actions["sales"].pk)]


def test_navigation_and_home_pages_lead_to_the_actions(org, actions):
    for role in ("member", "signatory"):
        home = _client(org.by_role()[role]).get("/").content.decode()
        assert '<a href="/actions/">Your department&#x27;s actions</a>' in home
        assert "Now: 2 open, 1 overdue." in home
    for role in ROLES:
        page = _client(_user(org, role)).get("/").content.decode() if role != "executive" else ""
        page = page or _client(org.executive).get("/exec/").content.decode()
        nav = page.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
        assert ('href="/actions/"' in nav) is (EXPECTED[role][0] == 200), role


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/actions/?status=open")
    assert response.status_code == 200
    return len(captured)


def test_page_query_count_does_not_grow_with_actions(org, django_assert_max_num_queries):
    client = _client(org.marketing_member)
    owners = [org.marketing_member, org.marketing_signatory]
    for count in (2, 30):
        for i in range(count):
            request = open_requests(org)["marketing"]
            commit(request, by=org.marketing_member, owner=owners[i % 2], description=f"Action {i}", due_in=i - 3)
        if count == 2:
            few = _queries(client)
    assert _queries(client) == few
    with django_assert_max_num_queries(8):
        client.get("/actions/?status=open")


def test_the_executives_view_is_plain_english(org, actions):
    from insights.plain_language import jargon_findings

    html = _client(org.executive).get("/actions/").content.decode()
    assert jargon_findings(html.split("<body", 1)[1], html=True) == []
