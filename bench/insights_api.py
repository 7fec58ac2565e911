"""Insight list endpoint vs the same page by raw SQL: p50/p95 and their ratio (goal: API ≤ 3× raw SQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/centerstage_bench .venv/bin/python bench/insights_api.py
    ... bench/insights_api.py --insights 2000 --evidence 20000 --runs 100   # a reduced size

Builds (once; reused when already there) N insights with M evidence links over contacts, half of them
published with a revision routed to one or two departments. Then times `GET /api/insights/?ordering=-estimated_value`
(first page of 50, through DRF, serializers and the permission policy) for an analyst (working copies)
and a department member (published revisions only), against hand-written SQL returning the same page
(count, rows, departments, evidence counts). Prints figures; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.models import Department, Membership, Role, User  # noqa: E402
from insights.models import Contact, Insight, InsightEvidence, InsightRevision, InsightStatus  # noqa: E402

BATCH = 5000
SOURCE = "bench-insights"


def _user(email: str, role: str, department: Department | None) -> User:
    user, _ = User.objects.get_or_create(email=email, defaults={"full_name": email.split("@")[0]})
    Membership.objects.get_or_create(user=user, department=department, role=role)
    return user


def build(n_insights: int, n_evidence: int) -> tuple[User, User]:
    center, _ = Department.objects.get_or_create(
        slug="contact-center", defaults={"name": "Contact Center", "is_contact_center": True}
    )
    departments = [
        Department.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
        for slug in ("marketing", "sales", "billing", "product-development")
    ]
    analyst = _user("bench.analyst@example.test", Role.ANALYST, center)
    lead = _user("bench.lead@example.test", Role.LEAD, center)
    member = _user("bench.member@example.test", Role.MEMBER, departments[0])
    if Insight.objects.count() >= n_insights and InsightEvidence.objects.count() >= n_evidence:
        return analyst, member
    print(f"building {n_insights} insights and {n_evidence} evidence links …", flush=True)
    started = time.perf_counter()
    now = timezone.now()
    n_contacts = max(n_evidence // 5, 100)
    with transaction.atomic():
        Contact.objects.bulk_create(
            (
                Contact(
                    source=SOURCE,
                    external_id=str(i),
                    channel="call",
                    started_at=now,
                    reason_code=f"reason-{i % 40}",
                    csat=1 + i % 5,
                    text="The bench customer says something.",
                )
                for i in range(n_contacts)
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        contact_ids = list(Contact.objects.filter(source=SOURCE).values_list("pk", flat=True))
        insights = Insight.objects.bulk_create(
            (
                Insight(
                    title=f"Bench insight {i}: customers say thing {i % 97}",
                    summary="Customers tell us about **something** that matters to revenue.",
                    category=["financial_growth", "efficiency", "customer_experience", "risk_avoidance"][i % 4],
                    estimated_value=Decimal(1000 + (i * 7919) % 1_000_000),
                    value_assumptions="bench",
                    created_by=analyst,
                    status=InsightStatus.PUBLISHED if i % 2 else InsightStatus.DRAFT,
                    has_unpublished_changes=not i % 2,
                )
                for i in range(n_insights)
            ),
            batch_size=BATCH,
        )
        through = Insight.departments.through
        through.objects.bulk_create(
            (
                through(insight_id=ins.pk, department_id=departments[k % 4].pk)
                for idx, ins in enumerate(insights)
                for k in ((idx, idx + 1) if idx % 3 == 0 else (idx,))
            ),
            batch_size=BATCH,
        )
        per = max(n_evidence // n_insights, 1)
        InsightEvidence.objects.bulk_create(
            (
                InsightEvidence(insight=ins, contact_id=contact_ids[(idx * per + j) % len(contact_ids)], note="bench")
                for idx, ins in enumerate(insights)
                for j in range(per)
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        revisions = InsightRevision.objects.bulk_create(
            (
                InsightRevision(
                    insight=ins,
                    number=1,
                    content={"evidence": [{"contact_id": 0}] * per, "summary": ins.summary},
                    canonical_json="{}",
                    content_hash="0" * 64,
                    published_by=lead,
                    title=ins.title,
                    summary=ins.summary,
                    category=ins.category,
                    estimated_value=ins.estimated_value,
                    evidence_count=per,
                )
                for ins in insights
                if ins.status == InsightStatus.PUBLISHED
            ),
            batch_size=BATCH,
        )
        rthrough = InsightRevision.departments.through
        index = {ins.pk: idx for idx, ins in enumerate(insights)}
        rthrough.objects.bulk_create(
            (
                rthrough(insightrevision_id=r.pk, department_id=departments[k % 4].pk)
                for r in revisions
                for k in (
                    (index[r.insight_id], index[r.insight_id] + 1)
                    if index[r.insight_id] % 3 == 0
                    else (index[r.insight_id],)
                )
            ),
            batch_size=BATCH,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE insights_insight i SET current_revision_id = r.id "
                "FROM insights_insightrevision r WHERE r.insight_id = i.id AND i.current_revision_id IS NULL"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.1f}s", flush=True)
    return analyst, member


RAW_ANALYST = """
SELECT i.id, i.title, i.category, i.estimated_value, i.currency, i.status, i.has_unpublished_changes,
       r.number, r.content_hash, i.published_at, i.updated_at,
       (SELECT count(*) FROM insights_insightevidence e WHERE e.insight_id = i.id) AS evidence_count,
       (SELECT json_agg(json_build_object('id', d.id, 'slug', d.slug, 'name', d.name) ORDER BY d.name)
          FROM insights_insight_departments x JOIN accounts_department d ON d.id = x.department_id
         WHERE x.insight_id = i.id) AS departments
  FROM insights_insight i LEFT JOIN insights_insightrevision r ON r.id = i.current_revision_id
 ORDER BY i.estimated_value DESC NULLS LAST, i.id DESC
 LIMIT 50
"""
RAW_ANALYST_COUNT = "SELECT count(*) FROM insights_insight"

RAW_MEMBER = """
SELECT i.id, r.title, r.category, r.estimated_value, r.currency, i.status,
       r.number, r.content_hash, i.published_at, i.updated_at,
       r.evidence_count,
       (SELECT json_agg(json_build_object('id', d.id, 'slug', d.slug, 'name', d.name) ORDER BY d.name)
          FROM insights_insightrevision_departments x JOIN accounts_department d ON d.id = x.department_id
         WHERE x.insightrevision_id = r.id) AS departments
  FROM insights_insight i JOIN insights_insightrevision r ON r.id = i.current_revision_id
 WHERE i.status = 'published'
   AND EXISTS (SELECT 1 FROM insights_insightrevision_departments x
                WHERE x.insightrevision_id = r.id AND x.department_id = ANY(%s))
 ORDER BY r.estimated_value DESC NULLS LAST, i.id DESC
 LIMIT 50
"""
RAW_MEMBER_COUNT = """
SELECT count(*) FROM insights_insight i JOIN insights_insightrevision r ON r.id = i.current_revision_id
 WHERE i.status = 'published' AND EXISTS (SELECT 1 FROM insights_insightrevision_departments x
                WHERE x.insightrevision_id = r.id AND x.department_id = ANY(%s))
"""


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def time_api(user: User, runs: int) -> list[float]:
    client = APIClient()
    client.force_authenticate(user=user)
    url = "/api/insights/?ordering=-estimated_value"
    assert client.get(url).status_code == 200
    samples = []
    for _ in range(runs):
        if hasattr(user, "_center_stage_grants"):
            del user._center_stage_grants  # each request loads the roles afresh, as a real one does
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def time_raw(sql: str, count_sql: str, params: list, runs: int) -> list[float]:
    samples = []
    with connection.cursor() as cursor:
        for _ in range(runs + 1):
            started = time.perf_counter()
            cursor.execute(count_sql, params)
            cursor.fetchone()
            cursor.execute(sql, params)
            cursor.fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    return samples[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--insights", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    analyst, member = build(args.insights, args.evidence)
    department_ids = list(Membership.objects.filter(user=member).values_list("department_id", flat=True))
    print(
        f"data: {Insight.objects.count()} insights, {InsightEvidence.objects.count()} evidence links, "
        f"{InsightRevision.objects.count()} revisions; {args.runs} runs each, first page of 50"
    )
    print(
        f"{'who':<10} {'API p50':>9} {'API p95':>9} {'SQL p50':>9} {'SQL p95':>9} {'ratio p50':>10} {'ratio p95':>10}"
    )
    for label, user, sql, count_sql, params in (
        ("analyst", analyst, RAW_ANALYST, RAW_ANALYST_COUNT, []),
        ("member", member, RAW_MEMBER, RAW_MEMBER_COUNT, [department_ids]),
    ):
        api50, api95 = percentiles(time_api(user, args.runs))
        raw50, raw95 = percentiles(time_raw(sql, count_sql, params, args.runs))
        print(
            f"{label:<10} {api50:>7.2f}ms {api95:>7.2f}ms {raw50:>7.2f}ms {raw95:>7.2f}ms "
            f"{api50 / raw50:>9.2f}× {api95 / raw95:>9.2f}×"
        )
    print("goal: API ≤ 3× raw SQL")


if __name__ == "__main__":
    main()
