"""Sign-off pages: inbox, sign, commit to actions, decline, certificate (page and PDF), the lead's overview and
terms."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from accounts.models import Department
from accounts.policy import Action, action_owners, allowed, require, signoff_inbox_department_ids
from accounts.sessions import authenticated_at, password_reentered_check
from attribution.certificates import INFORMAL, certificate_context, certificate_pdf_bytes
from attribution.models import ActionCommitment, CreditAgreement, SignoffRecord, SignoffRequest, SignoffStatus
from attribution.presenters.executive import SCORECARD_PERIOD_SENTENCE
from attribution.presenters.signoffs import answer_consequences, revision_shown
from attribution.selectors.signoffs import (
    action_commitments_visible,
    department_scorecards,
    signoff_request_get,
    signoff_requests_answered,
    signoff_requests_visible,
    signoff_trail,
)
from attribution.services import signoffs as svc
from attribution.services.agreements import credit_agreement_create, credit_agreement_for_signing
from attribution.services.escalation import signoff_decline_recipients
from attribution.services.trail import signoff_request_opened
from core.net import client_ip
from core.pages import (
    Confirmation,
    PageErrors,
    bad_request_page,
    confirmation_page,
    is_confirmed,
    posted_fields,
    rehearse,
    service_errors,
)
from core.periods import period_from_params

ACTION_DUE_DAYS = 30  # the form proposes a due date a month away; the person changes it as needed
ANSWERED_SHOWN = 20
# Why a request takes no more actions (the service refuses them), in one sentence each.
NO_ACTIONS = {
    SignoffStatus.SUPERSEDED: "This request was replaced by a newer revision of the insight, so new actions are "
    "committed on the newer request.",
    SignoffStatus.DECLINED: "The department declined this insight, so no actions can be committed on it.",
}


class ActionCommitForm(forms.Form):
    """Reads the "Commit to an action" form. The rules (a description, an owner of the department, a due date)
    are the service's: every field is optional here so that its errors land next to the field they name."""

    description = forms.CharField(
        label="Action",
        help_text="What the department will do: one concrete step, e.g. “Add the due date to the first page of "
        "the bill”.",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
    )
    owner = forms.IntegerField(label="Owner", required=False, widget=forms.Select(attrs={"required": True}))
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "required": True}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, auto_id="action-%s", **kwargs)
        self.fields["owner"].widget.choices = [("", "Choose a person…")] + [(p.pk, str(p)) for p in people]


def _client(request) -> dict:
    """Where the person is: the address through the trusted proxies only, and their browser."""
    return {"ip_address": client_ip(request) or None, "user_agent": request.META.get("HTTP_USER_AGENT", "")}


def _opened(request, obj: SignoffRequest) -> None:
    """The trail notes a person of the department opening the request page (the first time: delivered)."""
    channel = "email link" if request.GET.get("via") == "email" else "page"
    signoff_request_opened(user=request.user, request=obj, channel=channel, viewed=True, **_client(request))


def _request_or_404(request, pk: int) -> SignoffRequest:
    try:
        return signoff_request_get(user=request.user, request_id=pk)
    except SignoffRequest.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def inbox(request):
    mine = signoff_inbox_department_ids(request.user)
    today = timezone.localdate()
    pending = list(
        SignoffRequest.objects.filter(department_id__in=mine, status=SignoffStatus.PENDING)
        .select_related("insight", "revision", "department")
        .order_by("due_on", "id")
    )
    for r in pending:
        r.overdue = r.due_on < today
    pending.sort(key=lambda r: (not r.overdue, r.due_on, r.id))
    answered = signoff_requests_answered(department_ids=mine)[:ANSWERED_SHOWN]
    informal = SignoffRequest.objects.filter(department_id__in=mine, status=SignoffStatus.PINKY_SWORN).select_related(
        "insight", "revision", "department"
    )
    return render(
        request,
        "attribution/signoffs/inbox.html",
        {
            "pending": pending,
            "answered": answered,
            "informal": [r for r in informal if allowed(request.user, Action.SIGN, r.department_id)],
        },
    )


def _action_rows(request, obj: SignoffRequest) -> list[ActionCommitment]:
    """The request's actions, open ones first (one query)."""
    return list(action_commitments_visible(user=request.user).filter(request=obj))


def _request_page(request, obj: SignoffRequest, *, errors=(), action_form: ActionCommitForm | None = None):
    """The request page: the insight as published, its terms, its records, the sign forms and its actions;
    400 when the sign or the action form was refused."""
    agreement = credit_agreement_for_signing(department=obj.department)
    can_commit = allowed(request.user, Action.COMMIT_ACTION, obj.department_id)
    takes_actions = can_commit and obj.status not in NO_ACTIONS
    if takes_actions and action_form is None:
        action_form = ActionCommitForm(
            people=action_owners(department=obj.department),
            initial={"owner": request.user.pk, "due_on": timezone.localdate() + timedelta(days=ACTION_DUE_DAYS)},
        )
    refused = bool(errors) or (action_form is not None and action_form.is_bound)
    records = list(obj.records.select_related("signer").order_by("sequence"))
    if action_form is not None and action_form.is_bound and not takes_actions:
        # The request closed to actions between reading and posting: say so above the page.
        errors = [*errors, *action_form.non_field_errors()]
    return render(
        request,
        "attribution/signoffs/sign.html",
        {
            "req": obj,
            "agreement": agreement,
            "shown": revision_shown(
                revision=obj.revision, department_id=obj.department_id, share=agreement.share if agreement else None
            ),
            "consent_text": svc.CONSENT_TEXT,
            "reauth_minutes": settings.SIGNING_REAUTH_MINUTES,
            "errors": errors,
            "can_sign": allowed(request.user, Action.SIGN, obj.department_id),
            "can_pinky": allowed(request.user, Action.PINKY_SWEAR, obj.department_id),
            "informal": INFORMAL,
            "records": records,
            "trail": signoff_trail(request=obj),
            "time_zone": settings.TIME_ZONE,
            "declined": any(r.kind == SignoffRecord.Kind.DECLINE for r in records),
            "actions": _action_rows(request, obj),
            "can_commit": can_commit,
            "action_form": action_form if takes_actions else None,
            "no_actions_reason": NO_ACTIONS.get(obj.status, "") if can_commit else "",
        },
        status=400 if refused else 200,
    )


def _answer_call(request, obj: SignoffRequest, kind: str):
    """The service call that answers `obj` as posted (sign, pinky swear or decline), not yet made."""
    post, meta = request.POST, _client(request)
    if kind == "pinky_swear":
        return lambda: svc.signoff_pinky_swear(
            user=request.user, request_id=obj.pk, content_hash=post.get("content_hash", ""), **meta
        )
    if kind == "decline":
        return lambda: svc.signoff_decline(user=request.user, request_id=obj.pk, reason=post.get("reason", ""), **meta)
    return lambda: svc.signoff_sign(
        user=request.user,
        request_id=obj.pk,
        typed_name=post.get("typed_name", ""),
        consent=post.get("consent") == "on",
        content_hash=post.get("content_hash", ""),
        terms_hash=post.get("terms_hash", ""),
        password=post.get("password", ""),
        authenticated_at=authenticated_at(request),
        **meta,
    )


def _answer(request, obj: SignoffRequest, kind: str, page: PageErrors):
    """Two steps without JavaScript: the form's POST is checked by the service itself (rehearsed, nothing kept)
    and answered with a page saying what will happen; only the POST from its Confirm button writes."""
    call = _answer_call(request, obj, kind)
    with service_errors(page):
        if kind == "signature":
            password_reentered_check(request, request.POST.get("password", ""))
        if is_confirmed(request):
            return redirect("signoff-certificate", pk=call().pk)
        rehearse(call)
        agreement = credit_agreement_for_signing(department=obj.department)
        shown = revision_shown(revision=obj.revision, department_id=obj.department_id, share=agreement.share)
        told = signoff_decline_recipients(department=obj.department) if kind == "decline" else []
        reason = request.POST.get("reason", "").strip()
        heading, consequences = answer_consequences(kind=kind, req=obj, shown=shown, told=told, reason=reason)
        labels = {"signature": "Confirm: sign", "pinky_swear": "Confirm: pinky swear", "decline": "Confirm: decline"}
        return confirmation_page(
            request,
            Confirmation(
                heading=heading,
                consequences=consequences,
                action=request.path,
                cancel_url=reverse("signoff-sign", args=[obj.pk]),
                label=labels[kind],
                fields=posted_fields(request),
                danger=kind == "decline",
            ),
        )
    return None


@login_required
def sign(request, pk: int):
    obj = _request_or_404(request, pk)
    page = PageErrors()
    if request.method == "POST":
        kind = "pinky_swear" if request.POST.get("kind") == "pinky_swear" else "signature"
        answered = _answer(request, obj, kind, page)
        if answered is not None:
            return answered
    else:
        _opened(request, obj)
    return _request_page(request, obj, errors=page.messages)


@login_required
@require_POST
def action_commit(request, pk: int):
    """Commit the department to an action on this request, then back to the request page saying so; a refusal
    re-shows the page with the entered values and each error next to its field (400)."""
    obj = _request_or_404(request, pk)
    require(request.user, Action.COMMIT_ACTION, obj.department)
    form = ActionCommitForm(request.POST, people=action_owners(department=obj.department))
    if form.is_valid():
        with service_errors(form):
            action = svc.action_commitment_create(
                user=request.user,
                request_id=obj.pk,
                description=form.cleaned_data["description"],
                owner_id=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
            )
            owner = "you" if action.owner_id == request.user.pk else str(action.owner)
            messages.success(
                request,
                f"Committed to “{Truncator(action.description).chars(80)}”, owned by {owner}, "
                f"due {action.due_on:%-d %b %Y}.",
            )
            return redirect(reverse("signoff-sign", args=[obj.pk]) + "#actions")
    return _request_page(request, obj, action_form=form)


@login_required
def decline(request, pk: int):
    obj = _request_or_404(request, pk)
    page = PageErrors()
    if request.method == "POST":
        answered = _answer(request, obj, "decline", page)
        if answered is not None:
            return answered
    errors = page.messages
    context = {"req": obj, "errors": errors, "reason": request.POST.get("reason", "")}
    return render(request, "attribution/signoffs/decline.html", context, status=400 if errors else 200)


def _record_or_404(request, pk: int) -> SignoffRecord:
    record = (
        SignoffRecord.objects.select_related("request__insight", "revision", "department", "signer", "agreement")
        .filter(pk=pk)
        .first()
    )
    if record is None or not allowed(request.user, Action.VIEW_SIGNOFF, record.department_id):
        raise Http404
    return record


@login_required
def certificate(request, pk: int):
    record = _record_or_404(request, pk)
    takes_actions = record.request.status not in NO_ACTIONS and allowed(
        request.user, Action.COMMIT_ACTION, record.department_id
    )
    return render(
        request,
        "attribution/signoffs/certificate.html",
        {**certificate_context(record), "takes_actions": takes_actions},
    )


@login_required
def certificate_pdf(request, pk: int):
    record = _record_or_404(request, pk)
    response = HttpResponse(certificate_pdf_bytes(record=record), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="signoff-{record.sequence}.pdf"'
    return response


@login_required
def overview(request):
    """Every request and each department's scorecard; with ?year=(&quarter=) both cover exactly the requests
    received in that period (the dashboard's partnership figures link here)."""
    require(request.user, Action.VIEW_ALL_SIGNOFFS)
    period = None
    if request.GET.get("year"):
        try:
            period = period_from_params(request.GET)
        except ValidationError as exc:
            return bad_request_page(request, exc)
    span = {"start": period.start, "end": period.end} if period else {}
    status = request.GET.get("status") or None
    department = request.GET.get("department") or None
    requests = signoff_requests_visible(user=request.user, status=status, department=department, **span)[:500]
    today = timezone.localdate()
    scorecards = department_scorecards(**span)
    chosen_name = next(
        (c["department"] for c in scorecards if department in (c["slug"], str(c["department_id"]))), department
    )
    return render(
        request,
        "attribution/signoffs/overview.html",
        {
            "requests": requests,
            "statuses": SignoffStatus.choices,
            "informal": INFORMAL,
            "scorecards": scorecards,
            "scorecard_sentence": SCORECARD_PERIOD_SENTENCE,
            "period": period,
            "chosen": {
                "status": status or "",
                "department": department or "",
                "department_name": chosen_name,
                "quarter": request.GET.get("quarter"),
            },
            "years": range(today.year - 3, today.year + 2),
            "quarters": [1, 2, 3, 4],
        },
    )


@login_required
def agreements(request):
    require(request.user, Action.MANAGE_AGREEMENTS)
    page = PageErrors(service_labels={"share": "Center share", "terms": "Terms"})
    if request.method == "POST":
        slug = request.POST.get("department") or None
        department = Department.objects.filter(slug=slug, is_contact_center=False).first() if slug else None
        with service_errors(page):
            if slug and department is None:
                raise ValidationError({"department": ["No such department."]})
            credit_agreement_create(
                user=request.user,
                department=department,
                share=request.POST.get("share", ""),
                terms=request.POST.get("terms", ""),
            )
            messages.success(request, "New terms version recorded.")
            return redirect("signoff-agreements")
    errors = page.messages
    return render(
        request,
        "attribution/signoffs/agreements.html",
        {
            "agreements": CreditAgreement.objects.select_related("department").order_by("department_id", "-version"),
            "departments": Department.objects.filter(is_contact_center=False).order_by("name"),
            "errors": errors,
        },
        status=400 if errors else 200,
    )
