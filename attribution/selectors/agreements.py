"""Which credit terms apply to a department."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from accounts.models import Department
from attribution.models import CreditAgreement


def credit_agreement_current(*, department: Department) -> CreditAgreement | None:
    """The department's latest negotiated terms, else the latest default terms, else None."""
    return (
        CreditAgreement.objects.filter(Q(department=department) | Q(department__isnull=True))
        .order_by("department_id", "-version")  # a department's own terms sort before the default (NULL last)
        .first()
    )


def credit_share_applicable(*, department: Department) -> Decimal:
    """The center's share under the terms that apply now (DEFAULT_CENTER_CREDIT_SHARE when none are recorded)."""
    agreement = credit_agreement_current(department=department)
    return agreement.share if agreement else settings.DEFAULT_CENTER_CREDIT_SHARE
