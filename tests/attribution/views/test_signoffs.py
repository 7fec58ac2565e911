"""Committing to actions on the sign-off request page: who gets the "Commit to an action" form, what a commit
writes and shows, how bad input is refused (400 naming the field, values kept, nothing written), requests that
take no more actions, and the links that lead a department back to the page."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from attribution.models import ActionCommitment, SignoffRequest, SignoffStatus
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.signoffs import signoff_decline, signoff_requests_open_for_event, signoff_sign
from tests.attribution.action_helpers import commit, committed_actions, open_requests
from tests.attribution.factories import revision_published as publish

pytestmark = pytest.mark.django_db

ROLES = ["analyst", "lead", "executive", "admin", "signatory", "member", "other_department", "outsider"]
# role -> (status of Marketing's request page, whether it shows the form)
EXPECTED = {
    "analyst": (200, False),
    "lead": (200, False),
    "executive": (200, False),
    "admin": (404, False),
    "signatory": (200, True),
    "member": (200, True),
    "other_department": (404, False),
    "outsider": (404, False),
}
FORM = 'id="commit-action"'


def _user(org, role):
    return org.sales_signatory if role == "other_department" else org.by_role()[role]


def _client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _main(response) -> str:
    return response.content.decode().split('<main id="main">', 1)[1]


def _url(request) -> str:
    return f"/signoffs/requests/{request.pk}/"


def _form_html(main: str) -> str:
    match = re.search(r'<form method="post" action="/signoffs/requests/\d+/actions/".*?</form>', main, re.S)
    return match.group(0) if match else ""


def _row(html: str, action) -> str:
    match = re.search(rf'<tr id="action-{action.pk}"[^>]*>(.*?)</tr>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def actions(org):
    return committed_actions(org)


@pytest.fixture
def marketing(actions):
    return actions["requests"]["marketing"]


def _good(org, **overrides) -> dict:
    due = timezone.localdate() + timedelta(days=14)
    return {
        "description": "Put the first bill's date in the welcome e-mail",
        "owner": str(org.marketing_member.pk),
        "due_on": due.isoformat(),
        **overrides,
    }


@pytest.mark.parametrize("role", ROLES)
def test_only_the_departments_people_get_the_form_and_readers_see_the_actions(org, actions, marketing, role):
    status, has_form = EXPECTED[role]
    response = _client(_user(org, role)).get(_url(marketing))
    assert response.status_code == status
    if status != 200:
        return
    main = _main(response)
    assert (FORM in main) is has_form
    assert ("Commit to an action</h3>" in main) is has_form
    # Everyone who reads the request reads its actions, and only its own.
    assert _row(main, actions["overdue"]) and _row(main, actions["upcoming"])
    assert not _row(main, actions["sales"])
    if not has_form:
        assert f'action="{_url(marketing)}actions/"' not in main and 'name="description"' not in main


class _Controls(HTMLParser):
    """The ids of form controls, the `for` of labels, and the selected owner and date inside one form."""

    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.options, self.selected, self.values = set(), set(), {}, None, {}
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("textarea", "select") or (tag == "input" and attrs.get("type") not in ("hidden", "submit")):
            self.controls.add(attrs.get("id"))
            self.values[attrs.get("name")] = attrs.get("value")
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if tag == "option":
            self._option = attrs.get("value")
            if "selected" in attrs:
                self.selected = attrs.get("value")

    def handle_data(self, data):
        if self._option is not None:
            self.options[self._option] = data.strip()
            self._option = None


def test_the_form_is_labelled_protected_and_proposes_you_and_a_date_a_month_away(org, marketing):
    main = _main(_client(org.marketing_signatory).get(_url(marketing)))
    form = _form_html(main)
    assert 'aria-labelledby="commit-action-heading"' in form
    assert '<h3 id="commit-action-heading">Commit to an action</h3>' in form
    assert 'name="csrfmiddlewaretoken"' in form
    parser = _Controls()
    parser.feed(form)
    assert parser.controls == {"action-description", "action-owner", "action-due_on"}
    assert parser.controls <= parser.labels
    # The owner is chosen among Marketing's people only; the signer is proposed.
    people = {k: v for k, v in parser.options.items() if k}
    assert people == {str(org.marketing_signatory.pk): str(org.marketing_signatory),
                      str(org.marketing_member.pk): str(org.marketing_member)}  # fmt: skip
    assert parser.selected == str(org.marketing_signatory.pk)
    assert parser.values["due_on"] == (timezone.localdate() + timedelta(days=30)).isoformat()


def test_a_post_without_the_csrf_token_is_refused(org, marketing):
    client = _client(org.marketing_member, enforce_csrf_checks=True)
    assert client.post(_url(marketing) + "actions/", _good(org)).status_code == 403
    assert not ActionCommitment.objects.filter(description=_good(org)["description"]).exists()


def test_a_commit_creates_exactly_one_action_and_the_page_shows_it_with_a_confirmation(org, marketing):
    before = ActionCommitment.objects.count()
    client = _client(org.marketing_signatory)
    response = client.post(_url(marketing) + "actions/", _good(org))
    assert response.status_code == 302 and response["Location"] == _url(marketing) + "#actions"
    assert ActionCommitment.objects.count() == before + 1
    action = ActionCommitment.objects.latest("id")
    assert (action.request_id, action.department_id, action.owner_id, action.created_by_id) == (
        marketing.pk,
        org.marketing.pk,
        org.marketing_member.pk,
        org.marketing_signatory.pk,
    )
    assert action.due_on == timezone.localdate() + timedelta(days=14) and action.status == "open"
    main = _main(client.get(response["Location"]))
    assert (
        f"Committed to “Put the first bill&#x27;s date in the welcome e-mail”, owned by "
        f"{escape(org.marketing_member)}, due {action.due_on:%-d %b %Y}." in main
    )
    row = _row(main, action)
    assert "Put the first bill&#x27;s date in the welcome e-mail" in row
    assert f"<td>{escape(org.marketing_member)}</td>" in row
    assert f'<time datetime="{action.due_on:%Y-%m-%d}">' in row and "In 14 days" in row
    assert '<span class="badge status-open">Open</span>' in row
    # The form is fresh again, ready for the next action.
    assert "welcome e-mail</textarea>" not in _form_html(main)


def test_submitting_the_same_action_twice_keeps_one(org, marketing):
    client = _client(org.marketing_signatory)
    before = ActionCommitment.objects.count()
    first = client.post(_url(marketing) + "actions/", _good(org))
    again = client.post(_url(marketing) + "actions/", _good(org))  # a double-click, or the browser retrying
    assert first.status_code == again.status_code == 302
    assert ActionCommitment.objects.count() == before + 1
    other_date = {**_good(org), "due_on": (timezone.localdate() + timedelta(days=20)).isoformat()}
    assert client.post(_url(marketing) + "actions/", other_date).status_code == 302
    assert ActionCommitment.objects.count() == before + 2  # a different commitment is its own action


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_action_create_one(org, marketing):
    import threading

    from attribution.services.signoffs import action_commitment_create

    barrier, errors = threading.Barrier(6), []
    due = timezone.localdate() + timedelta(days=9)

    def submit():
        try:
            barrier.wait()
            action_commitment_create(
                user=org.marketing_signatory,
                request_id=marketing.pk,
                description="Call the ten customers back",
                owner_id=org.marketing_member.pk,
                due_on=due,
            )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ActionCommitment.objects.filter(description="Call the ten customers back").count() == 1


def test_an_overdue_action_says_so_in_words(org, actions, marketing):
    row = _row(_main(_client(org.executive).get(_url(marketing))), actions["overdue"])
    assert "Overdue by 3 days" in row and '<span class="badge status-overdue">Overdue</span>' in row


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"description": "   "}, "description", "Action: Describe the action."),
        ("other_department_owner", "owner", "Owner: The owner must be a person of the department."),
        ({"due_on": ""}, "due_on", "Due date: Give a due date."),
        ({"due_on": "next week"}, "due_on", "Due date: Enter a valid date."),
    ],
)
def test_bad_input_is_a_400_naming_the_field_keeping_the_values_and_writing_nothing(
    org, marketing, change, field, message
):
    if change == "other_department_owner":
        change = {"owner": str(org.sales_member.pk)}
    before = ActionCommitment.objects.count()
    posted = _good(org, **change)
    response = _client(org.marketing_member).post(_url(marketing) + "actions/", posted)
    assert response.status_code == 400
    assert ActionCommitment.objects.count() == before
    form = _form_html(_main(response))
    errors = re.search(rf'<ul class="errorlist" id="action-{field}_error" role="alert">(.*?)</ul>', form, re.S)
    assert errors and message in errors.group(1)
    # The error sits next to its field, which points at it.
    control = re.search(rf'<(?:textarea|select|input)[^>]*id="action-{field}"[^>]*>', form).group(0)
    assert 'aria-invalid="true"' in control and f"action-{field}_error" in control
    assert form.count('class="errorlist"') == 1
    # What was entered is still there.
    if field != "description":
        assert f"{escape(posted['description'])}</textarea>" in form
    if field != "owner":
        assert f'<option value="{org.marketing_member.pk}" selected>' in form
    if field != "due_on":
        assert f'value="{posted["due_on"]}"' in form


def test_every_problem_is_named_at_once(org, marketing):
    response = _client(org.marketing_member).post(
        _url(marketing) + "actions/", {"description": "", "owner": "", "due_on": ""}
    )
    assert response.status_code == 400
    form = _form_html(_main(response))
    assert {f for f in ("description", "owner", "due_on") if f'id="action-{f}_error"' in form} == {
        "description",
        "owner",
        "due_on",
    }


def test_another_departments_request_is_not_found_and_nothing_is_written(org, actions):
    sales = actions["requests"]["sales"]
    before = ActionCommitment.objects.count()
    client = _client(org.marketing_signatory)
    assert client.get(_url(sales)).status_code == 404
    assert client.post(_url(sales) + "actions/", _good(org)).status_code == 404
    assert ActionCommitment.objects.count() == before


@pytest.mark.parametrize("role", ["executive", "lead", "analyst"])
def test_executives_and_center_staff_cannot_commit_even_by_posting(org, marketing, role):
    before = ActionCommitment.objects.count()
    assert _client(org.by_role()[role]).post(_url(marketing) + "actions/", _good(org)).status_code == 403
    assert ActionCommitment.objects.count() == before


def test_the_form_accepts_only_posts(org, marketing):
    assert _client(org.marketing_member).get(_url(marketing) + "actions/").status_code == 405


def test_a_declined_request_shows_its_actions_but_no_form_and_says_why(org, actions, marketing):
    signoff_decline(user=org.marketing_signatory, request_id=marketing.pk, reason="Not ours to fix")
    for user in (org.marketing_signatory, org.marketing_member):
        main = _main(_client(user).get(_url(marketing)))
        assert _row(main, actions["overdue"]) and FORM not in main
        assert "The department declined this insight, so no actions can be committed on it." in main
    # Readers who could never commit are not told why they cannot.
    assert "so no actions can be committed" not in _main(_client(org.executive).get(_url(marketing)))
    before = ActionCommitment.objects.count()
    refused = _client(org.marketing_member).post(_url(marketing) + "actions/", _good(org))
    assert refused.status_code == 400
    assert "Actions need a live request that was not declined." in _main(refused)
    assert ActionCommitment.objects.count() == before


def test_a_superseded_request_shows_its_actions_and_leads_to_the_newer_one(org):
    revision, event = publish(org, org.marketing)
    old = signoff_requests_open_for_event(event=event)[0]
    action = commit(old, by=org.marketing_member, owner=org.marketing_member, description="Early step", due_in=5)
    _, event2 = publish(org, org.marketing, insight=revision.insight)
    new = signoff_requests_open_for_event(event=event2)[0]
    assert SignoffRequest.objects.get(pk=old.pk).status == SignoffStatus.SUPERSEDED
    main = _main(_client(org.marketing_member).get(_url(old)))
    assert _row(main, action) and FORM not in main
    assert "This request was replaced by a newer revision of the insight" in main
    assert f'<a href="{_url(new)}">Go to the newer request</a>' in main
    assert FORM in _main(_client(org.marketing_member).get(_url(new)))


def test_a_signed_request_still_takes_actions_and_its_certificate_leads_there(org, marketing):
    terms = credit_agreement_for_signing(department=org.marketing)
    record = signoff_sign(
        user=org.marketing_signatory,
        request_id=marketing.pk,
        typed_name=org.marketing_signatory.full_name,
        consent=True,
        content_hash=marketing.revision.content_hash,
        terms_hash=terms.terms_hash,
        authenticated_at=timezone.now(),
    )
    client = _client(org.marketing_signatory)
    certificate = _main(client.get(f"/signoffs/records/{record.pk}/"))
    assert f'href="{_url(marketing)}#actions">Commit to actions on this insight</a>' in certificate
    assert "Commit to actions" not in _main(_client(org.executive).get(f"/signoffs/records/{record.pk}/"))
    assert FORM in _main(client.get(_url(marketing)))
    assert client.post(_url(marketing) + "actions/", _good(org)).status_code == 302
    # The inbox lists what the department answered, with its open actions, leading back to the request.
    inbox = _main(client.get("/signoffs/"))
    row = re.search(rf'<tr id="answered-{marketing.pk}">(.*?)</tr>', inbox, re.S).group(1)
    assert "Signed on" in row and "<td>3 <strong" in row.replace("\n", "") and "(1 overdue)" in row
    assert f'href="{_url(marketing)}#actions"' in row


def test_the_actions_list_leads_to_the_request_page(org, actions, marketing):
    main = _main(_client(org.marketing_member).get("/actions/"))
    assert f'href="{_url(marketing)}">' in _row(main, actions["upcoming"])
    assert 'id="commit-hint"' in main and 'href="/signoffs/#answered"' in main
    assert 'id="commit-hint"' not in _main(_client(org.executive).get("/actions/"))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_request_page_query_count_does_not_grow_with_actions(org, django_assert_max_num_queries):
    request = open_requests(org)["marketing"]
    client = _client(org.marketing_signatory)
    client.get(_url(request))  # the first view writes the default terms; measure what every later one costs
    owners = [org.marketing_member, org.marketing_signatory]
    counts = []
    for total in (2, 40):
        while ActionCommitment.objects.filter(request=request).count() < total:
            i = ActionCommitment.objects.count()
            commit(request, by=org.marketing_member, owner=owners[i % 2], description=f"Action {i}", due_in=i - 5)
        counts.append(_queries(client, _url(request)))
    assert counts[0] == counts[1]
    # Session, user, roles (2), the request, its terms, the department's people, its actions, its records; the
    # trail: `delivered` (a no-op insert after the first), `viewed`, and reading it.
    with django_assert_max_num_queries(12):
        client.get(_url(request))


def test_a_declined_then_pinky_sworn_request_stays_in_the_inbox_as_informal_and_the_page_shows_the_trail(org):
    from datetime import timedelta as _days

    from attribution.services.reminders import signoff_reminders_send
    from attribution.services.signoffs import signoff_pinky_swear

    request = open_requests(org)["marketing"]
    signoff_reminders_send(now=timezone.now() + _days(days=30))
    signoff_decline(user=org.marketing_signatory, request_id=request.pk, reason="Not this quarter")
    signoff_pinky_swear(user=org.marketing_member, request_id=request.pk, content_hash=request.revision.content_hash)
    client = _client(org.marketing_signatory)
    inbox = _main(client.get("/signoffs/"))
    assert "Informally acknowledged — not signed" in inbox and f'id="informal-{request.pk}"' in inbox
    page = _main(client.get(_url(request)))
    for step in ("Sent", "Reminded", "Escalated", "Declined", "Informally acknowledged (not signed)", "Viewed"):
        assert f"<strong>{step}</strong>" in page
    assert 'name="typed_name"' in page  # still open for a formal signature


def test_declining_and_pinky_swearing_say_what_happens_first_and_write_only_when_confirmed(org):
    from attribution.models import SignoffRecord

    request = open_requests(org)["marketing"]
    client = _client(org.marketing_signatory)
    decline = client.post(f"/signoffs/requests/{request.pk}/decline/", {"reason": "Not this quarter"})
    html = decline.content.decode()
    assert decline.status_code == 200 and not SignoffRecord.objects.exists()
    assert "It e-mails 2 people (the department&#x27;s executive sponsor and the center&#x27;s leads)" in html
    assert "“Not this quarter”" in html and 'name="reason" value="Not this quarter"' in html
    done = client.post(f"/signoffs/requests/{request.pk}/decline/", {"reason": "Not this quarter", "confirmed": "yes"})
    assert done.status_code == 302 and SignoffRecord.objects.get().kind == "decline"
    member = _client(org.marketing_member)
    pinky = {"kind": "pinky_swear", "content_hash": request.revision.content_hash}
    step = member.post(_url(request), pinky)
    assert step.status_code == 200 and "not a signed agreement" in step.content.decode()
    assert SignoffRecord.objects.count() == 1
    assert member.post(_url(request), {**pinky, "confirmed": "yes"}).status_code == 302
    assert SignoffRecord.objects.filter(kind="pinky_swear").exists()


def test_an_empty_decline_reason_is_refused_at_the_first_step(org):
    request = open_requests(org)["marketing"]
    refused = _client(org.marketing_signatory).post(f"/signoffs/requests/{request.pk}/decline/", {"reason": " "})
    assert refused.status_code == 400 and "Say why the department declines." in refused.content.decode()
