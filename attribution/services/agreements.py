"""Credit agreements: versioned terms and the center's share, default or negotiated per department."""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import Department, User
from accounts.policy import Action, require
from attribution.models import CreditAgreement
from attribution.selectors.agreements import credit_agreement_current
from core.typed_text import scrub

DEFAULT_TERMS = (
    "The department acknowledges that it received this insight from the contact center, and agrees that "
    "the contact center is credited with a share of {share:.0%} of the value of any improvement built on it."
)


def terms_hash_of(terms: str) -> str:
    return hashlib.sha256(terms.encode("utf-8")).hexdigest()


@transaction.atomic
def credit_agreement_create(
    *, user: User | None, department: Department | None, share: Decimal, terms: str = ""
) -> CreditAgreement:
    """A new version of the terms (negotiated for `department`, or the default when None)."""
    if user is not None:
        require(user, Action.MANAGE_AGREEMENTS)
    try:
        share = Decimal(str(share))
    except Exception as exc:
        raise ValidationError({"share": ["Enter a number between 0 and 1."]}) from exc
    if not (Decimal("0") < share <= Decimal("1")):
        raise ValidationError({"share": ["The share must be greater than 0 and at most 1."]})
    terms = scrub((terms or "").strip()) or DEFAULT_TERMS.format(share=share)
    CreditAgreement.objects.select_for_update().filter(department=department).exists()
    latest = CreditAgreement.objects.filter(department=department).aggregate(v=Max("version"))["v"] or 0
    return CreditAgreement.objects.create(
        department=department,
        version=latest + 1,
        terms=terms,
        terms_hash=terms_hash_of(terms),
        share=share,
        created_by=user,
    )


def credit_agreement_for_signing(*, department: Department) -> CreditAgreement:
    """The terms that apply now; creates the default version on first use."""
    agreement = credit_agreement_current(department=department)
    if agreement is None:
        agreement = credit_agreement_create(
            user=None, department=None, share=Decimal(str(settings.DEFAULT_CENTER_CREDIT_SHARE))
        )
    return agreement
