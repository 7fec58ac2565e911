"""Outcome pages: one outcome with its postings and its reversal (confirmed first), the confirmation before an
outcome is posted, and the accounting months a lead closes and reopens."""

from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.policy import Action, allowed, department_scope, require
from attribution.models import Outcome
from attribution.selectors.ledger import CENTER_DISPUTED, CENTER_SECURED, CENTER_UNSECURED, VALUE_REALISED_PREFIX
from attribution.selectors.outcomes import accounting_months, outcome_for_page
from attribution.services.ledger import outcome_record, outcome_reverse, period_close, period_reopen
from core import formats
from core.money import money_quantize
from core.pages import Confirmation, PageErrors, confirmation_page, is_confirmed, posted_fields, service_errors
from core.periods import month_parse

CENTER_WORDS = {
    CENTER_SECURED: "secured by a signed record",
    CENTER_UNSECURED: "at risk: no signed record yet",
    CENTER_DISPUTED: "disputed: the department declined",
}


def _amount(value: Decimal, currency: str) -> str:
    return formats.money(money_quantize(value), currency=currency)


def posting_consequences(outcome: Outcome) -> list[str]:
    """What recording `outcome` does, in sentences, read from what the service wrote (for a rolled-back trial)."""
    money = _amount(outcome.amount, outcome.currency)
    improvement = outcome.improvement
    if outcome.forecast:
        return [
            f"Records {money} of {outcome.get_kind_display().lower()} from “{improvement.title}” as expected value"
            f" for the period ending {outcome.period_end:%-d %b %Y}.",
            "Nothing is credited: record the value realised once the period has ended.",
        ]
    center: dict[str, Decimal] = defaultdict(Decimal)
    department = Decimal("0")
    for txn in outcome.transactions.all():
        for entry in txn.entries.all():
            if entry.account in CENTER_WORDS:
                center[entry.account] += entry.amount
            elif not entry.account.startswith(VALUE_REALISED_PREFIX):
                department += entry.amount
    lines = [
        f"Posts {money} of {outcome.get_kind_display().lower()} from “{improvement.title}” to the ledger, dated"
        f" {outcome.period_end:%-d %b %Y} ({outcome.period_end:%B %Y})."
    ]
    for account, words in CENTER_WORDS.items():
        if center.get(account):
            lines.append(f"The contact center is credited {_amount(center[account], outcome.currency)}, {words}.")
    lines.append(f"{improvement.department.name}'s share is {_amount(department, outcome.currency)}.")
    lines.append("Once posted it cannot be edited: a mistake is corrected by reversing it, with a reason.")
    return lines


def outcome_trial(*, user, fields: dict) -> tuple[Outcome, bool]:
    """Run `outcome_record` and roll it back: every rule is checked and the postings are read, nothing is kept."""
    with transaction.atomic():
        outcome, created = outcome_record(user=user, **fields)
        outcome = outcome_for_page(pk=outcome.pk, department_ids=None)
        list(outcome.transactions.all())  # read inside the transaction, before it is rolled back
        transaction.set_rollback(True)
    return outcome, created


def outcome_confirmation(request, outcome: Outcome) -> Confirmation:
    fields = posted_fields(request)
    return Confirmation(
        heading="Record this forecast?" if outcome.forecast else "Post this outcome to the ledger?",
        consequences=posting_consequences(outcome),
        action=reverse("outcome-new"),
        cancel_url=f"{reverse('outcome-new')}?{urlencode(fields)}",
        label="Record the forecast" if outcome.forecast else "Post to the ledger",
        fields=fields,
        irreversible=False,
    )


def _outcome_or_404(request, pk: int) -> Outcome:
    require(request.user, Action.BROWSE_LEDGER)
    try:
        return outcome_for_page(pk=pk, department_ids=department_scope(request.user, Action.VIEW_LEDGER))
    except Outcome.DoesNotExist:
        raise Http404("No such outcome.") from None


def _page(request, outcome: Outcome, errors: PageErrors, reason: str = "", status: int = 200):
    transactions = list(outcome.transactions.all())
    reversal = next((t for t in transactions if t.kind == "reversal"), None)
    can_reverse = (
        allowed(request.user, Action.REVERSE_OUTCOME) and not outcome.forecast and transactions and reversal is None
    )
    return render(
        request,
        "attribution/outcome.html",
        {
            "outcome": outcome,
            "transactions": transactions,
            "reversal": reversal,
            "can_reverse": can_reverse,
            "errors": errors,
            "reason": reason,
        },
        status=status,
    )


@login_required
def outcome_detail(request, pk: int):
    return _page(request, _outcome_or_404(request, pk), PageErrors())


@login_required
@require_POST
def outcome_reverse_page(request, pk: int):
    """Reverse an outcome: the reason first, then a confirmation that says what the reversal posts."""
    outcome = _outcome_or_404(request, pk)
    require(request.user, Action.REVERSE_OUTCOME)
    reason = request.POST.get("reason", "")
    errors = PageErrors(service_labels={"reason": "Reason"})
    if not reason.strip():
        errors.add_error(None, "Say why the outcome is reversed.")
        return _page(request, outcome, errors, reason, status=400)
    if not is_confirmed(request):
        money = _amount(outcome.amount, outcome.currency)
        return confirmation_page(
            request,
            Confirmation(
                heading=f"Reverse this outcome of {money}?",
                consequences=[
                    f"Posts a reversal dated today that takes back every entry of the posting: {money} of value"
                    " realised and all the credit it gave the contact center and the department.",
                    f"The reason is kept with it: “{reason.strip()}”.",
                    "The outcome and its posting stay on the ledger beside the reversal.",
                ],
                action=reverse("outcome-reverse", args=[outcome.pk]),
                cancel_url=reverse("outcome-detail", args=[outcome.pk]),
                label="Reverse the outcome",
                fields=posted_fields(request),
                danger=True,
            ),
        )
    with service_errors(errors):
        outcome_reverse(user=request.user, outcome=outcome, reason=reason)
        return redirect("outcome-detail", pk=outcome.pk)
    return _page(request, _outcome_or_404(request, pk), errors, reason, status=400)


@login_required
def accounting_periods(request):
    """The last twelve months with their state; the lead or an administrator closes and reopens them."""
    require(request.user, Action.CLOSE_PERIOD)
    errors = PageErrors(service_labels={"month": "Month"})
    if request.method == "POST":
        with service_errors(errors):
            month = month_parse(request.POST.get("month", ""))
            if request.POST.get("action") == "reopen":
                period_reopen(user=request.user, month=month)
            elif request.POST.get("action") == "close":
                period_close(user=request.user, month=month)
            else:
                raise ValidationError({"action": ["Choose to close or reopen the month."]})
            return redirect("accounting-periods")
    return render(
        request,
        "attribution/periods.html",
        {"months": accounting_months(), "errors": errors},
        status=400 if errors.errors else 200,
    )
