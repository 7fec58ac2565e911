"""Emerging issues grouped one row per problem (reason and signal), and which reasons reach which department."""

from insights.selectors.emerging import (
    emerging_problem_rows,
    emerging_problem_summary,
    emerging_problems,
    reason_codes_routed_to,
)
from tests.insights.factories import ContactFactory, InsightFactory, emerging_windows


def test_the_windows_of_one_reason_and_signal_make_one_problem(db):
    emerging_windows("app_login_failure", hours=6)
    emerging_windows("app_login_failure", "dissatisfaction", hours=2)
    emerging_windows("delivery_delay", hours=1)
    problems = emerging_problems(emerging_problem_rows())
    assert sorted((p.reason_code, p.signal, p.window_count) for p in problems) == [
        ("app_login_failure", "dissatisfaction", 2),
        ("app_login_failure", "volume", 6),
        ("delivery_delay", "volume", 1),
    ]
    login = next(p for p in problems if p.signal == "volume" and p.reason_code == "app_login_failure")
    assert [w.window_start for w in login.windows] == sorted(w.window_start for w in login.windows)
    assert login.latest.observed == 35
    assert "flagged in 6 windows" in emerging_problem_summary(login)


def test_problems_are_read_in_two_queries_however_many_windows(db, django_assert_num_queries):
    for n in range(5):
        emerging_windows(f"reason_{n}", hours=10)
    with django_assert_num_queries(2):
        problems = emerging_problems(emerging_problem_rows())
    assert len(problems) == 5


def test_a_reason_is_routed_to_a_department_by_a_published_insight_about_it(org):
    published = InsightFactory(
        departments=[org.marketing], evidence=[ContactFactory(reason_code="billing_error")], published=True
    )
    InsightFactory(departments=[org.sales], evidence=[ContactFactory(reason_code="draft_only")])  # a draft
    assert published.status == "published"
    assert reason_codes_routed_to(department_ids=[org.marketing.pk]) == {"billing_error"}
    assert reason_codes_routed_to(department_ids=[org.sales.pk]) == set()


def test_only_the_reasons_asked_for_are_listed(db):
    emerging_windows("billing_error")
    emerging_windows("app_login_failure")
    rows = emerging_problem_rows(reason_codes={"billing_error"})
    assert [r["reason_code"] for r in rows] == ["billing_error"]
    assert list(emerging_problem_rows(reason_codes=set())) == []
