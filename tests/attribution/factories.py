"""Factories for attribution, each through the service production uses: agreements by
`credit_agreement_create`, sign-off requests by consuming the `insight.published` event that publishing
records, records by `signoff_sign`/`signoff_decline`/`signoff_pinky_swear`, improvements by
`improvement_create` and ledger credit by `outcome_record` — never a hand-written entry or rollup."""

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

import factory
from django.utils import timezone

from accounts.models import Role
from attribution.models import CreditAgreement, Improvement, Outcome, SignoffRecord, SignoffRequest, SignoffStatus
from attribution.selectors.agreements import credit_agreement_current
from attribution.services.agreements import credit_agreement_create, credit_agreement_for_signing
from attribution.services.ledger import improvement_create, insight_credit_states, outcome_record
from attribution.services.signoffs import (
    signoff_decline,
    signoff_pinky_swear,
    signoff_requests_open_for_event,
    signoff_sign,
)
from core.models import OutboxEvent
from insights.services.insights import insight_publish, insight_update
from tests.accounts.factories import DepartmentFactory, person_with_role
from tests.insights.factories import InsightFactory, insight_published_as_is


@contextmanager
def clock_at(when: dt.datetime | None):
    """Run the services as if it were `when` (everything they take from `timezone.now`); None: the real clock."""
    if when is None:
        yield
        return
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def center_lead():
    return person_with_role(Role.LEAD, DepartmentFactory(contact_center=True))


def agreement_share_set(*, department, share: Decimal) -> CreditAgreement:
    """The department's terms at `share`, negotiating a new version only when the current one differs."""
    current = credit_agreement_current(department=department)
    if current is not None and current.share == Decimal(share):
        return current
    return credit_agreement_create(user=None, department=department, share=Decimal(share))


class CreditAgreementFactory(factory.django.DjangoModelFactory):
    """A version of the terms, negotiated for `department` (None: the default terms)."""

    class Meta:
        model = CreditAgreement

    department = None
    share = Decimal("0.2000")
    terms = ""

    @classmethod
    def _create(cls, model_class, *, department, share, terms):
        return credit_agreement_create(user=None, department=department, share=Decimal(share), terms=terms)


def requests_open(insight) -> list[SignoffRequest]:
    """Consume the insight's latest `insight.published` event as the outbox consumer does."""
    event = OutboxEvent.objects.filter(kind="insight.published", insight=insight).latest("pk")
    return signoff_requests_open_for_event(event=event)


class SignoffRequestFactory(factory.django.DjangoModelFactory):
    """A request to `department` for a published `insight` (a new one routed there unless given), opened from
    its publish event (republished first when the department already answered it). `created=` back-dates
    publishing and opening by freezing the clock; traits `signed`, `declined`, `pinky_sworn` answer it through
    the services and `superseded` republishes the insight, each `days` after it was opened (a superseding
    revision 100 days later unless given, so its new request falls in a later quarter)."""

    class Meta:
        model = SignoffRequest

    class Params:
        signed = factory.Trait(answer="signature")
        declined = factory.Trait(answer="decline")
        pinky_sworn = factory.Trait(answer="pinky_swear")
        superseded = factory.Trait(answer="superseded")

    department = factory.SubFactory(DepartmentFactory)
    insight = None
    created = None
    answer = None
    days = None

    @classmethod
    def _create(cls, model_class, *, department, insight, created, answer, days):
        with clock_at(created):
            request = _request_open(department=department, insight=insight)
        if created is not None:  # the column's default is bound to the real clock; the request row is mutable
            SignoffRequest.objects.filter(pk=request.pk).update(created_at=created)
            request.created_at = created
        opened = request.created_at
        if answer == "superseded":
            revised = opened + dt.timedelta(days=100 if days is None else days)
            with clock_at(revised):
                lead = center_lead()
                insight_update(insight=request.insight, editor=lead, summary=f"{request.insight.summary} Revised.")
                insight_publish(insight=request.insight, publisher=lead)
                newer = [r.pk for r in requests_open(request.insight) if r.pk != request.pk]
            if created is not None:  # the new requests are received when the revision is, not on the real clock
                SignoffRequest.objects.filter(pk__in=newer).update(created_at=revised)
        elif answer:
            when = opened + dt.timedelta(days=days or 0) if created else None
            SignoffRecordFactory(request=request, kind=answer, when=when)
        request.refresh_from_db()
        return request


def _request_open(*, department, insight) -> SignoffRequest:
    if insight is None:
        insight = InsightFactory(published=True, departments=[department])
    request = next(r for r in requests_open(insight) if r.department_id == department.pk)
    if request.status != SignoffStatus.PENDING:  # answered: ask again about a new revision
        lead = center_lead()
        insight_update(insight=insight, editor=lead, summary=f"{insight.summary}\n\nRevised.")
        insight_publish(insight=insight, publisher=lead)
        request = next(r for r in requests_open(insight) if r.department_id == department.pk)
    return request


class SignoffRecordFactory(factory.django.DjangoModelFactory):
    """An answer to `request` through the service for its `kind` (signature, decline, pinky_swear), by
    `signer` (else a signatory or member of the department), under terms at `credit_share` when given,
    at `when` when given."""

    class Meta:
        model = SignoffRecord

    request = factory.SubFactory(SignoffRequestFactory)
    kind = SignoffRecord.Kind.SIGNATURE
    signer = None
    credit_share = None
    reason = "We disagree."
    when = None

    @classmethod
    def _create(cls, model_class, *, request, kind, signer, credit_share, reason, when):
        department = request.department
        if credit_share is not None:
            agreement_share_set(department=department, share=credit_share)
        role = Role.MEMBER if kind == SignoffRecord.Kind.PINKY_SWEAR else Role.SIGNATORY
        signer = signer or person_with_role(role, department)
        content_hash = request.revision.content_hash
        with clock_at(when):
            if kind == SignoffRecord.Kind.PINKY_SWEAR:
                return signoff_pinky_swear(user=signer, request_id=request.pk, content_hash=content_hash)
            if kind == SignoffRecord.Kind.DECLINE:
                return signoff_decline(user=signer, request_id=request.pk, reason=reason)
            terms_hash = credit_agreement_for_signing(department=department).terms_hash
            return signoff_sign(
                user=signer,
                request_id=request.pk,
                typed_name=signer.get_full_name() or signer.email,
                consent=True,
                content_hash=content_hash,
                terms_hash=terms_hash,
                authenticated_at=timezone.now(),
            )


class ImprovementFactory(factory.django.DjangoModelFactory):
    """An improvement `department` shipped, built on `insights=[(insight, weight)]` (one new published insight
    routed there at weight 1 unless given), recorded by `user` (else a center lead)."""

    class Meta:
        model = Improvement

    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"Improvement {n}")
    description = ""
    shipped_on = dt.date(2026, 1, 10)
    insights = None
    user = None

    @classmethod
    def _create(cls, model_class, *, department, title, description, shipped_on, insights, user):
        insights = insights or [(InsightFactory(published=True, departments=[department]), Decimal("1"))]
        return improvement_create(
            user=user or center_lead(),
            department=department,
            title=title,
            description=description,
            shipped_on=shipped_on,
            insights=insights,
        )


class OutcomeFactory(factory.django.DjangoModelFactory):
    """An outcome recorded and posted by `outcome_record`, for the month of `day`. Without an `improvement`,
    `department` ships one on `insight` (else a new published insight in `category`) whose credit stands as
    `credit` ("secured": signed; traits `disputed`: declined, `unsecured`: unanswered) under terms crediting
    the center `share` (in full by default), so the center's account receives exactly `amount`."""

    class Meta:
        model = Outcome

    class Params:
        disputed = factory.Trait(credit="disputed")
        unsecured = factory.Trait(credit="unsecured")

    improvement = None
    department = None
    insight = None
    day = dt.date(2026, 11, 15)
    category = "financial_growth"
    credit = "secured"
    share = Decimal("1")
    kind = "new_revenue"
    amount = Decimal("100.00")
    method = "Measured by the finance team"
    idempotency_key = factory.Sequence(lambda n: f"outcome-{n}")
    user = None

    @classmethod
    def _create(cls, model_class, *, improvement, day, kind, amount, method, idempotency_key, user, **credit):
        if improvement is None:
            improvement = improvement_with_credit(day=day, **credit)
        outcome, _ = outcome_record(
            user=user or center_lead(),
            improvement=improvement,
            kind=kind,
            amount=Decimal(amount),
            period_start=day.replace(day=1),
            period_end=day,
            method=method,
            idempotency_key=idempotency_key,
        )
        return outcome


def improvement_with_credit(*, department, day, category, credit, share, insight=None) -> Improvement:
    """An improvement on one published insight whose credit from `department` stands as `credit`."""
    department = department or DepartmentFactory()
    agreement_share_set(department=department, share=share)
    if insight is None:
        insight = InsightFactory(published=True, departments=[department], category=category)
    elif insight.status != "published":
        insight_published_as_is(insight=insight, departments=[department], category=category)
    standing = insight_credit_states(department=department, insight_ids=[insight.pk])[insight.pk][0]
    if credit != "unsecured" and standing != f"center:{credit}":
        request = SignoffRequestFactory(department=department, insight=insight)
        SignoffRecordFactory(request=request, kind="signature" if credit == "secured" else "decline")
    return ImprovementFactory(department=department, shipped_on=day, insights=[(insight, Decimal("1"))])


def revision_published(org, *departments, insight=None, summary="Customers call twice about the same bill."):
    """Publish a new insight (or a new revision of `insight`, with `summary`) routed to `departments` through
    `insight_publish`, as the center's lead; returns the revision and its `insight.published` event."""
    if insight is None:
        insight = InsightFactory(published=True, created_by=org.lead, departments=departments, summary=summary)
    else:
        insight_update(insight=insight, editor=org.lead, summary=f"{summary} (revised)", departments=departments)
        insight_publish(insight=insight, publisher=org.lead)
        insight.refresh_from_db()
    event = OutboxEvent.objects.filter(kind="insight.published", insight=insight).latest("pk")
    return insight.current_revision, event


def center_cost_recorded(*, month: dt.date, amount: str, note: str = ""):
    """The center's cost for `month`, recorded by its lead through `center_cost_record`."""
    from attribution.services.costs import center_cost_record

    cost, _ = center_cost_record(user=center_lead(), month=month, amount=Decimal(amount), note=note)
    return cost
