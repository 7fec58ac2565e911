"""GET /api/emerging-issues/ (one row per window) and /api/emerging-issues/problems/ (one per problem): read by
center staff and executives, and by departments for the reasons routed to them."""

from tests.insights.factories import ContactFactory, InsightFactory, emerging_windows


def _routed_to_marketing(org):
    InsightFactory(departments=[org.marketing], evidence=[ContactFactory(reason_code="billing_error")], published=True)


def test_problems_group_the_windows_and_keep_the_window_list(org, api_as):
    emerging_windows("billing_error", hours=4)
    emerging_windows("app_login_failure", hours=2)
    client = api_as(org.analyst)
    problems = client.get("/api/emerging-issues/problems/").json()["results"]
    assert {(p["reason_code"], p["window_count"], len(p["windows"])) for p in problems} == {
        ("billing_error", 4, 4),
        ("app_login_failure", 2, 2),
    }
    assert problems[0]["summary"] and problems[0]["signal_label"] == "More contacts than usual"
    windows = client.get("/api/emerging-issues/").json()["results"]
    assert len(windows) == 6 and {"id", "window_start", "score", "summary", "sample_contacts"} <= set(windows[0])


def test_executives_read_every_problem(org, api_as):
    emerging_windows("billing_error")
    emerging_windows("app_login_failure")
    assert len(api_as(org.executive).get("/api/emerging-issues/problems/").json()["results"]) == 2


def test_a_department_reads_only_the_reasons_routed_to_it_without_customers_words(org, api_as):
    _routed_to_marketing(org)
    [issue] = emerging_windows("billing_error")
    issue.sample_contacts.set([ContactFactory(reason_code="billing_error")])
    emerging_windows("app_login_failure")
    marketing = api_as(org.marketing_member)
    problems = marketing.get("/api/emerging-issues/problems/").json()["results"]
    assert [p["reason_code"] for p in problems] == ["billing_error"]
    [window] = marketing.get("/api/emerging-issues/").json()["results"]
    assert window["sample_contacts"] == []
    assert api_as(org.sales_member).get("/api/emerging-issues/problems/").json()["results"] == []
    assert api_as(org.analyst).get(f"/api/emerging-issues/{issue.pk}/").json()["sample_contacts"]


def test_people_with_no_reading_role_are_refused(org, api_as):
    assert api_as(org.admin).get("/api/emerging-issues/problems/").status_code == 403
    assert api_as(org.outsider).get("/api/emerging-issues/").status_code == 403
