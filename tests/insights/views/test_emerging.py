"""The emerging-issues page: one row per problem with its sparkline, for the center, executives and departments."""

from django.test import Client

from tests.insights.factories import ContactFactory, InsightFactory, emerging_windows


def _page(user):
    client = Client()
    client.force_login(user)
    return client.get("/emerging-issues/")


def test_one_row_per_problem_with_a_sparkline(org):
    emerging_windows("app_login_failure", hours=6)
    page = _page(org.analyst).content.decode()
    assert page.count("<tbody>") == 1 and page.count('class="sparkline"') == 1
    assert "App login failure" in page and "6 windows" in page and "Draft an insight" in page


def test_an_executive_reads_the_page_without_the_center_tools(org):
    emerging_windows("app_login_failure", hours=2)
    response = _page(org.executive)
    assert response.status_code == 200
    page = response.content.decode()
    assert "App login failure" in page and "Draft an insight" not in page and "Sample contacts" not in page


def test_a_department_sees_the_problems_routed_to_it(org):
    InsightFactory(departments=[org.sales], evidence=[ContactFactory(reason_code="billing_error")], published=True)
    emerging_windows("billing_error")
    emerging_windows("app_login_failure")
    page = _page(org.sales_signatory).content.decode()
    assert "Billing error" in page and "App login failure" not in page
    assert "Billing error" not in _page(org.marketing_member).content.decode()


def test_an_administrator_alone_is_refused(org):
    assert _page(org.admin).status_code == 403
