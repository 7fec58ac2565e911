"""Listen-in pages: scheduling, the guest's answer (signed in or by the e-mailed link), notes, the draft insight."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.policy import Action, allowed, require
from core import formats
from core.pages import PageErrors, service_errors
from education import selectors, services
from education.models import ListenInSession


class ListenInForm(forms.Form):
    guest = forms.ModelChoiceField(queryset=User.objects.none(), label="Guest")
    starts_at = forms.DateTimeField(
        label="Date and time",
        # Typed in the organisation's time zone (Django reads a naive value in TIME_ZONE), as the page says.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(min_value=5, max_value=480, initial=60, label="Duration, minutes")
    queue = forms.CharField(max_length=80, label="Queue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields[
            "starts_at"
        ].help_text = f"The organisation's time ({formats.time_zone_name(now)}); it is now {formats.datetime(now)}."
        groups = [g for g, _ in selectors.quiz_groups()]
        ids = [u.pk for u in selectors.quiz_group_members(groups=groups)]
        self.fields["guest"].queryset = User.objects.filter(pk__in=ids).order_by("full_name")
        queues = selectors.contact_queues()
        if queues:
            self.fields["queue"].widget = forms.Select(choices=[(q, q) for q in queues])


class NotesForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, label="What you heard")


@login_required
def listen_in_list(request):
    """Sessions: all of them for center staff and executives, one's own for guests."""
    sessions = list(selectors.listen_in_sessions_for(user=request.user)[:100])
    start, end, label = selectors.quarter_bounds(timezone.localdate())
    summary = (
        selectors.listen_in_summary(start=start, end=end) if allowed(request.user, Action.VIEW_EXECUTIVE) else None
    )
    return render(
        request,
        "education/listen_in_list.html",
        {
            "sessions": sessions,
            "summary": summary,
            "quarter": label,
            "can_schedule": allowed(request.user, Action.SCHEDULE_LISTEN_IN),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def listen_in_new(request):
    """A center lead schedules a session; the guest gets an e-mail with a calendar invitation."""
    require(request.user, Action.SCHEDULE_LISTEN_IN)
    form = ListenInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form):
            session = services.listen_in_schedule(
                scheduled_by=request.user,
                guest=data["guest"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                queue=data["queue"],
            )
            messages.success(request, f"{session.guest} is invited; the invitation is on its way.")
            return redirect("listen-in-detail", pk=session.pk)
    return render(request, "education/listen_in_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def listen_in_detail(request, pk: int):
    """One session: the guest answers, records notes afterwards and turns them into a draft insight."""
    session = get_object_or_404(selectors.listen_in_sessions_for(user=request.user), pk=pk)
    form = NotesForm(request.POST or None, initial={"notes": session.notes})
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            services.listen_in_notes_record(session=session, user=request.user, notes=form.cleaned_data["notes"])
            messages.success(request, "Your notes are saved.")
            return redirect("listen-in-detail", pk=session.pk)
    is_guest = request.user.pk == session.guest_id
    return render(
        request,
        "education/listen_in_detail.html",
        {
            "session": session,
            "form": form,
            "is_guest": is_guest,
            "has_started": session.starts_at <= timezone.now(),
            "can_draft": bool(session.notes) and (is_guest or allowed(request.user, Action.DRAFT_INSIGHT)),
            "evidence_count": selectors.listen_in_evidence_contacts(session=session).count(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def listen_in_answer(request, pk: int):
    """The signed-in guest accepts or declines."""
    session = get_object_or_404(selectors.listen_in_sessions_for(user=request.user), pk=pk)
    refusal = PageErrors()
    with service_errors(refusal):
        services.listen_in_respond(session=session, accept=request.POST.get("answer") == "accept", user=request.user)
    for problem in refusal.messages:
        messages.error(request, problem)
    return redirect("listen-in-detail", pk=session.pk)


@login_required
@require_POST
def listen_in_draft_insight(request, pk: int):
    """One click: the notes become a draft insight with the queue's contacts of the session as evidence."""
    session = get_object_or_404(selectors.listen_in_sessions_for(user=request.user), pk=pk)
    refusal = PageErrors()
    with service_errors(refusal):
        insight = services.listen_in_insight_draft(session=session, user=request.user)
        messages.success(
            request, f"Draft insight “{insight.title}” created with {insight.evidence.count()} contacts as evidence."
        )
    for problem in refusal.messages:
        messages.error(request, problem)
    return redirect("listen-in-detail", pk=session.pk)


@require_http_methods(["GET", "POST"])
def listen_in_respond(request, token: str):
    """The e-mailed link: accept or decline without signing in (the token is the guest's key)."""
    session = get_object_or_404(ListenInSession.objects.select_related("guest", "scheduled_by"), response_token=token)
    refusal = PageErrors()
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            refusal.add_error(None, "Choose accept or decline.")
        else:
            # A wrong token is a 404 above; a PermissionDenied here is Django's 403 page with its reason.
            with service_errors(refusal):
                session = services.listen_in_respond(session=session, accept=answer == "accept", token=token)
    error = " ".join(refusal.messages) or None
    return render(
        request,
        "education/listen_in_respond.html",
        {"session": session, "error": error, "answered": request.method == "POST" and error is None},
        status=400 if error else 200,
    )
