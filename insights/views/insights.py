"""Insight pages: list with filters and search, detail, create/edit with an evidence picker, publish, withdraw."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import Department
from accounts.policy import Action, allowed, require
from accounts.selectors import department_members
from core.money import MoneyFormField
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
from insights.detail_hooks import department_states, page_read, reader_links
from insights.masking import content_masked
from insights.models import Category, Channel, EmergingIssue, InsightStatus
from insights.models.insights import ROUTING_REASON_MAX_LENGTH
from insights.plain_language import insight_jargon_warnings
from insights.selectors.erasure import erased_contact_ids
from insights.selectors.insights import (
    ORDERINGS,
    contact_evidence_list,
    insight_get,
    insight_list,
    insight_page_departments,
    insight_routes,
    query_moment,
    reads_drafts,
)
from insights.services.insights import (
    insight_create,
    insight_draft_from_emerging_issue,
    insight_publish,
    insight_update,
    insight_withdraw,
)

PICKER_LIMIT = 50
# The inputs a publish or withdraw may be refused for, in the words the detail page uses.
PUBLISH_LABELS = {
    "evidence": "Evidence",
    "departments": "Departments",
    "category": "Senior-level category",
    "estimated_value": "Estimated value at stake",
    "currency": "Currency",
    "value_assumptions": "Assumptions and method behind the value",
    "reason": "Reason for withdrawing",
}


class InsightForm(forms.Form):
    service_labels = {
        "evidence": "Evidence",
        "routing": "Route to departments",
    }  # the picker's rows: drawn outside this form

    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), required=False, help_text="Markdown. Say it in plain words."
    )
    customer_voice = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="The customers' voice",
        help_text="One quote per line. Phone numbers, e-mails, card and account numbers are removed when you save.",
    )
    category = forms.ChoiceField(choices=[("", "—"), *Category.choices], required=False, label="Senior-level category")
    estimated_value = MoneyFormField(required=False, label="Estimated value at stake")
    value_assumptions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Assumptions and method behind the value"
    )
    departments = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Route to departments"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = list(Department.objects.filter(is_contact_center=False).order_by("name"))
        self.fields["departments"].choices = [(d.slug, d.name) for d in departments]
        # One labelled reason per department, right after the checkboxes; only the ticked ones are kept.
        for department in departments:
            self.fields[f"reason_{department.slug}"] = forms.CharField(
                required=False,
                max_length=ROUTING_REASON_MAX_LENGTH,
                label=f"Why {department.name} should act on it",
                help_text=f"Optional. Shown to {department.name}'s signatories when they sign.",
            )

    def clean(self):
        data = super().clean()
        ticked = set(data.get("departments") or [])
        for slug, _name in self.fields["departments"].choices:
            if data.get(f"reason_{slug}") and slug not in ticked:
                self.add_error(f"reason_{slug}", "Tick this department above to route the insight there, or clear it.")
        return data

    def routing(self) -> list[dict]:
        """The ticked departments with the reason typed for each."""
        data = self.cleaned_data
        return [{"department": slug, "reason": data.get(f"reason_{slug}", "")} for slug in data["departments"]]


def _evidence_from_post(post) -> list[dict]:
    return [
        {"contact": contact_id, "note": post.get(f"note_{contact_id}", "")} for contact_id in post.getlist("evidence")
    ]


def _picker(request, linked: dict[int, str]) -> dict:
    params = request.GET
    picker = PageErrors(service_labels={"start": "From", "end": "To"})
    start = end = None
    with service_errors(picker):
        start = query_moment(params.get("start"), "start")
        end = query_moment(params.get("end"), "end", end=True)
    errors = picker.messages
    channel = params.get("channel") if params.get("channel") in Channel.values else None
    candidates = []
    if any(params.get(k) for k in ("reason_code", "channel", "start", "end")) and not errors:
        candidates = list(
            contact_evidence_list(
                reason_code=params.get("reason_code") or None, channel=channel, start=start, end=end
            ).exclude(pk__in=linked)[:PICKER_LIMIT]
        )
    return {"candidates": candidates, "picker_errors": errors, "channels": Channel.choices, "filters": params}


def _form_page(request, *, insight=None):
    require(request.user, Action.DRAFT_INSIGHT)
    linked = {e.contact_id: e for e in insight.evidence.select_related("contact").order_by("id")} if insight else {}
    if request.method == "POST":
        form = InsightForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "title": data["title"],
                "summary": data["summary"],
                "customer_voice": [line for line in data["customer_voice"].splitlines() if line.strip()],
                "category": data["category"],
                "estimated_value": data["estimated_value"],
                "value_assumptions": data["value_assumptions"],
                "routing": form.routing(),
                "evidence": _evidence_from_post(request.POST),
            }
            with service_errors(form):
                if insight is None:
                    insight = insight_create(author=request.user, **fields)
                else:
                    insight_update(insight=insight, editor=request.user, **fields)
                messages.success(request, "Saved.")
                return redirect("insight-detail", insight_id=insight.pk)
        linked_notes = {int(e["contact"]): e["note"] for e in _evidence_from_post(request.POST) if e["contact"]}
    else:
        initial = {}
        if insight is not None:
            initial = {
                "title": insight.title,
                "summary": insight.summary,
                "customer_voice": "\n".join(insight.customer_voice or []),
                "category": insight.category,
                "estimated_value": insight.estimated_value,
                "value_assumptions": insight.value_assumptions,
                "departments": list(insight.departments.values_list("slug", flat=True)),
                **{f"reason_{r.department.slug}": r.reason for r in insight_routes(insight=insight)},
            }
        form = InsightForm(initial=initial)
        linked_notes = {cid: e.note for cid, e in linked.items()}
    title = form.data.get("title", form.initial.get("title", "")) if form.is_bound else form.initial.get("title", "")
    summary = form.data.get("summary", "") if form.is_bound else form.initial.get("summary", "")
    context = {
        "form": form,
        "insight": insight,
        "linked": [(e.contact, linked_notes.get(cid, e.note)) for cid, e in linked.items()],
        "jargon": insight_jargon_warnings(title=title or "", summary=summary or ""),
        **_picker(request, linked),
    }
    return render(request, "insights/insight_form.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
def insight_create_view(request):
    return _form_page(request)


@login_required
def insight_edit_view(request, insight_id: int):
    insight = insight_get(user=request.user, insight_id=insight_id)
    if insight.status == InsightStatus.WITHDRAWN:
        messages.error(request, "This insight was withdrawn; draft a new one instead.")
        return redirect("insight-detail", insight_id=insight.pk)
    return _form_page(request, insight=insight)


@login_required
def insight_list_view(request):
    require(request.user, Action.BROWSE_INSIGHTS)
    params = request.GET
    try:
        insights = insight_list(
            user=request.user,
            status=params.get("status") or None,
            department=params.get("department") or None,
            category=params.get("category") or None,
            q=params.get("q") or None,
            ordering=params.get("ordering") or None,
        )
    except ValidationError as exc:
        return bad_request_page(request, exc)
    page = Paginator(insights, 50).get_page(params.get("page"))
    drafts = reads_drafts(request.user)
    rows = []
    for insight in insight_page_departments(insights=list(page), drafts=drafts):
        source = insight if drafts else insight.current_revision
        rows.append({"insight": insight, "source": source, "departments": insight.routed_departments})
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "insights/insight_list.html",
        {
            "page": page,
            "rows": rows,
            "drafts": drafts,
            "filters": params,
            "query": query.urlencode(),
            "statuses": InsightStatus.choices if drafts else [],
            "categories": Category.choices,
            "departments": Department.objects.filter(is_contact_center=False).order_by("name"),
            "orderings": list(ORDERINGS),
            "may_draft": allowed(request.user, Action.DRAFT_INSIGHT),
        },
    )


@login_required
def insight_detail_view(request, insight_id: int):
    insight = insight_get(user=request.user, insight_id=insight_id)
    drafts = reads_drafts(request.user)
    revision = insight.current_revision
    if drafts:
        content = {
            "title": insight.title,
            "summary": insight.summary,
            "customer_voice": insight.customer_voice,
            "category": insight.get_category_display() if insight.category else "",
            "estimated_value": insight.estimated_value,
            "currency": insight.currency,
            "value_assumptions": insight.value_assumptions,
            "statistics": insight.statistics,
        }
        departments = list(insight.departments.all())
        evidence = [{"contact_id": e.contact_id, "note": e.note, "contact": e.contact} for e in insight.evidence.all()]
        evidence += [{"contact_id": cid, "erased": True} for cid in sorted(erased_contact_ids(insight_id=insight.pk))]
    else:
        frozen = revision.content
        content = {
            **frozen,
            "title": revision.title,
            "category": revision.get_category_display(),
            "estimated_value": revision.estimated_value,
            "currency": revision.currency,
        }
        departments = list(revision.departments.all())
        content = content_masked(content)  # read outside the center: profanity masked
        erased = erased_contact_ids(insight_id=insight.pk)
        evidence = [{**e, "erased": e["contact_id"] in erased} for e in content["evidence"]]
    routed = list(revision.departments.all()) if revision else []
    everyone = {d.pk: d for d in [*routed, *departments]}
    states = department_states(insight=insight, revision=revision, departments=list(everyone.values()))
    page_read(
        insight=insight,
        revision=revision,
        user=request.user,
        channel="email link" if request.GET.get("via") == "email" else "page",
        ip_address=client_ip(request) or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    return render(
        request,
        "insights/insight_detail.html",
        {
            "insight": insight,
            "content": content,
            "departments": [(d, states.get(d.pk, [])) for d in departments],
            "evidence": evidence,
            "revision": revision,
            "reader_links": reader_links(insight=insight, revision=revision, user=request.user),
            "revisions": list(insight.revisions.all()),
            "drafts": drafts,
            "jargon": insight_jargon_warnings(title=content["title"], summary=content["summary"]) if drafts else {},
            "may_edit": drafts and allowed(request.user, Action.DRAFT_INSIGHT) and insight.status != "withdrawn",
            "may_publish": allowed(request.user, Action.PUBLISH_INSIGHT),
        },
    )


def _action(request, insight_id: int, act) -> object:
    """Publish or withdraw from the detail page, then back to it; a refusal is told there, one line per reason."""
    insight = insight_get(user=request.user, insight_id=insight_id)
    refusal = PageErrors(service_labels=PUBLISH_LABELS)
    with service_errors(refusal):
        act(insight)
    for problem in refusal.messages:
        messages.error(request, problem)
    return redirect(reverse("insight-detail", kwargs={"insight_id": insight_id}))


@login_required
@require_POST
def insight_publish_view(request, insight_id: int):
    """Two steps: the Publish button shows what publishing does (checked by `insight_publish` itself, nothing
    kept); only the Confirm button on that page publishes."""
    if not is_confirmed(request):
        insight = insight_get(user=request.user, insight_id=insight_id)
        refusal = PageErrors(service_labels=PUBLISH_LABELS)
        with service_errors(refusal):
            revision = rehearse(lambda: insight_publish(insight=insight, publisher=request.user))
            return confirmation_page(request, _publish_confirmation(request, insight, revision))
        for problem in refusal.messages:
            messages.error(request, problem)
        return redirect(reverse("insight-detail", kwargs={"insight_id": insight_id}))

    def act(insight):
        revision = insight_publish(insight=insight, publisher=request.user)
        messages.success(request, f"Published revision {revision.number} (hash {revision.content_hash[:12]}…).")

    return _action(request, insight_id, act)


def _publish_confirmation(request, insight, revision) -> Confirmation:
    """What publishing `insight` as `revision` does, in numbers: who is e-mailed, which revision is frozen."""
    departments = list(insight.departments.order_by("name"))
    people = len({pk for d in departments for pk in department_members(department=d).values_list("pk", flat=True)})
    hooks = sum(1 for d in departments if d.webhook_url)
    names = ", ".join(d.name for d in departments)
    sentences = [
        f"This e-mails {people} {'person' if people == 1 else 'people'} in {names}"
        + (f" and notifies {hooks} webhook{'s' if hooks != 1 else ''}" if hooks else "")
        + f", and freezes revision {revision.number} of “{revision.title}”.",
        f"Each of {names} is asked to sign it off; what they sign is exactly this revision.",
        "A published revision can never be changed: later edits become a new revision.",
    ]
    return Confirmation(
        heading=f"Publish revision {revision.number}",
        consequences=sentences,
        action=request.path,
        cancel_url=reverse("insight-detail", kwargs={"insight_id": insight.pk}),
        label=f"Confirm: publish revision {revision.number}",
        fields=posted_fields(request),
    )


@login_required
@require_POST
def insight_withdraw_view(request, insight_id: int):
    def act(insight):
        insight_withdraw(insight=insight, lead=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, "Withdrawn. The departments are told.")

    return _action(request, insight_id, act)


@login_required
@require_POST
def insight_from_emerging_issue_view(request, issue_id: int):
    """One click on an emerging issue: its draft insight (made once), opened for editing."""
    issue = get_object_or_404(EmergingIssue, pk=issue_id)
    insight = insight_draft_from_emerging_issue(issue=issue, author=request.user)
    messages.success(request, "Draft insight started from the emerging issue: add notes, value and departments.")
    return redirect("insight-edit", insight_id=insight.pk)
