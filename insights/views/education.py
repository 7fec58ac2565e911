"""Pages for executive education: the staffing calculator, the quiz game and listen-in sessions."""

from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.policy import Action, allowed, require
from config.errors import DomainError
from insights import staffing
from insights.models import ListenInSession, QuizAnswer, QuizGame, QuizQuestion
from insights.quiz import hour_label
from insights.selectors import education as selectors
from insights.services import education as services

TRADEOFF_LEVELS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99]


def _errors_into_form(form: forms.Form, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    for field, messages_ in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        form.add_error(field if field in form.fields else None, messages_)


# --- staffing calculator --------------------------------------------------------------------


class CalculatorForm(forms.Form):
    contacts = forms.FloatField(min_value=0, label="Calls (or chats) in the interval")
    interval_minutes = forms.FloatField(min_value=1, max_value=1440, initial=60, label="Interval, minutes")
    aht_seconds = forms.FloatField(
        min_value=1, max_value=86400, label="Average handle time, seconds", help_text="Talk plus wrap-up per contact."
    )
    target_percent = forms.FloatField(min_value=1, max_value=99.9, initial=80, label="Answer this share of calls (%)…")
    target_seconds = forms.FloatField(min_value=0, max_value=3600, label="…within this many seconds")
    shrinkage_percent = forms.FloatField(
        min_value=0,
        max_value=95,
        initial=30,
        label="Shrinkage (%)",
        help_text="Paid time not spent on the phones: breaks, training, meetings, absence.",
    )
    agents = forms.IntegerField(
        min_value=1, max_value=staffing.MAX_AGENTS, required=False, label="People on the phones (optional)"
    )


def _tradeoff_chart(curve: list[staffing.QueueFigures], levels: list[float], highlight: float) -> dict:
    """Geometry for a server-rendered SVG: bars for agents needed, a line for occupancy."""
    width, height = 640, 300
    left, right, top, bottom = 48, 56, 20, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    top_agents = max(f.agents for f in curve)
    agent_max = max(5, math.ceil(top_agents * 1.15 / 5) * 5)
    slot = plot_w / len(curve)
    bars, points = [], []
    for index, (figures, level) in enumerate(zip(curve, levels, strict=True)):
        x = left + index * slot
        bar_h = plot_h * figures.agents / agent_max
        cx = x + slot / 2
        cy = top + plot_h * (1 - figures.occupancy)
        bars.append(
            {
                "x": round(x + slot * 0.18, 1),
                "y": round(top + plot_h - bar_h, 1),
                "w": round(slot * 0.64, 1),
                "h": round(bar_h, 1),
                "cx": round(cx, 1),
                "agents": figures.agents,
                "label": f"{level * 100:g}%",
                "occupancy": round(figures.occupancy * 100),
                "cy": round(cy, 1),
                "highlight": abs(level - highlight) < 1e-9,
            }
        )
        points.append(f"{cx:.1f},{cy:.1f}")
    agent_ticks = [
        {"y": round(top + plot_h * (1 - value / agent_max), 1), "value": value}
        for value in range(0, agent_max + 1, max(1, agent_max // 5))
    ]
    occupancy_ticks = [{"y": round(top + plot_h * (1 - p / 100), 1), "value": p} for p in range(0, 101, 25)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "top": top,
        "bottom_y": top + plot_h,
        "bars": bars,
        "line": " ".join(points),
        "agent_ticks": agent_ticks,
        "occupancy_ticks": occupancy_ticks,
        "axis_label_y": height - 8,
    }


def tradeoff_sentence(
    *,
    low: staffing.QueueFigures,
    high: staffing.QueueFigures,
    low_level: float,
    high_level: float,
    target_seconds: float,
) -> str:
    """The one plain-English sentence that answers "what happens to occupancy when service level increases?"."""
    seconds = f"{target_seconds:g} seconds"
    more = high.agents - low.agents
    if high.agents == low.agents:
        return (
            f"At this volume {low.agents} people already answer {high_level:.0%} of calls within {seconds}, so a "
            f"higher service level costs nothing here; in a busier hour, raising it would add people and lower "
            "the share of their time spent talking to customers (occupancy)."
        )
    return (
        f"Raising the service level from {low_level:.0%} to {high_level:.0%} of calls answered within {seconds} "
        f"takes {more} more {'person' if more == 1 else 'people'} ({low.agents} → {high.agents}), so occupancy — "
        "the share "
        f"of their time spent talking to customers — falls from {low.occupancy:.0%} to {high.occupancy:.0%}: "
        "as service level goes up, occupancy goes down."
    )


@login_required
def staffing_calculator(request):
    """The queue and staffing calculator, prefilled with the center's own recent busy hour."""
    require(request.user, Action.VIEW_STAFFING)
    figures = selectors.recent_center_figures()
    initial = {
        "contacts": round(figures.busiest_hour_contacts),
        "interval_minutes": 60,
        "aht_seconds": round(figures.aht_seconds),
        "target_percent": 80,
        "target_seconds": figures.target_seconds,
        "shrinkage_percent": 30,
    }
    form = CalculatorForm(request.GET if "contacts" in request.GET else initial)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            traffic = staffing.traffic_intensity(
                contacts=data["contacts"], interval_minutes=data["interval_minutes"], aht_seconds=data["aht_seconds"]
            )
            target = data["target_percent"] / 100
            needed = staffing.required_agents(
                traffic=traffic,
                aht_seconds=data["aht_seconds"],
                target_service_level=target,
                target_seconds=data["target_seconds"],
            )
            scheduled = staffing.scheduled_staff(agents=needed.agents, shrinkage=data["shrinkage_percent"] / 100)
            levels = sorted(set(TRADEOFF_LEVELS) | {round(target, 4)})
            curve = staffing.tradeoff(
                traffic=traffic,
                aht_seconds=data["aht_seconds"],
                target_seconds=data["target_seconds"],
                service_levels=levels,
            )
            chosen = None
            if data.get("agents"):
                chosen = staffing.queue_figures(
                    agents=data["agents"],
                    traffic=traffic,
                    aht_seconds=data["aht_seconds"],
                    target_seconds=data["target_seconds"],
                )
            low, high = curve[levels.index(0.8)], curve[levels.index(0.95)]
            result = {
                "traffic": traffic,
                "needed": needed,
                "scheduled": scheduled,
                "chosen": chosen,
                "chosen_asa": (
                    None
                    if chosen is None or math.isinf(chosen.average_speed_of_answer_seconds)
                    else chosen.average_speed_of_answer_seconds
                ),
                "chart": _tradeoff_chart(curve, levels, round(target, 4)),
                "rows": [{"level": level, "figures": f} for level, f in zip(levels, curve, strict=True)],
                "sentence": tradeoff_sentence(
                    low=low, high=high, low_level=0.8, high_level=0.95, target_seconds=data["target_seconds"]
                ),
            }
        except staffing.StaffingInputError as exc:
            name = {"traffic_erlangs": "contacts", "target_service_level": "target_percent"}.get(
                exc.parameter, exc.parameter
            )
            form.add_error(name if name in form.fields else None, exc.message)
    return render(
        request,
        "insights/education/calculator.html",
        {"form": form, "result": result, "figures": figures, "busiest_hour": hour_label(figures.busiest_hour)},
    )


# --- quiz -----------------------------------------------------------------------------------


class QuizGameForm(forms.Form):
    title = forms.CharField(max_length=200, initial="How a contact center works")
    groups = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, label="Play with")
    question_count = forms.IntegerField(min_value=1, max_value=services.MAX_QUESTIONS, initial=5, label="Questions")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = selectors.quiz_groups()


@login_required
def quiz_home(request):
    """The games someone plays in, their progress, and this quarter's leaderboard."""
    require(request.user, Action.PLAY_GAME)
    games = list(selectors.quiz_games_for(user=request.user)[:50])
    answered = selectors.quiz_answered_counts(user=request.user, game_ids=[g.pk for g in games])
    playing = set(request.user.quiz_games.filter(pk__in=[g.pk for g in games]).values_list("pk", flat=True))
    for game in games:
        game.answered = answered.get(game.pk, 0)
        game.is_player = game.pk in playing
    start, end, label = selectors.quarter_bounds(timezone.localdate())
    return render(
        request,
        "insights/education/quiz_home.html",
        {
            "games": games,
            "leaderboard": selectors.quiz_leaderboard(start=start, end=end)[:10],
            "quarter": label,
            "can_run": allowed(request.user, Action.RUN_GAME),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiz_game_new(request):
    """A lead starts a game for a group; its questions come from the center's own recent figures."""
    require(request.user, Action.RUN_GAME)
    form = QuizGameForm(request.POST or None)
    figures = selectors.recent_center_figures()
    if request.method == "POST" and form.is_valid():
        groups = form.cleaned_data["groups"]
        labels = dict(selectors.quiz_groups())
        try:
            game = services.quiz_game_start(
                started_by=request.user,
                title=form.cleaned_data["title"],
                players=selectors.quiz_group_members(groups=groups),
                question_count=form.cleaned_data["question_count"],
                figures=figures,
                group_label=", ".join(labels[g] for g in groups),
            )
        except (ValidationError, DomainError) as exc:
            _errors_into_form(form, exc)
        else:
            messages.success(request, f"“{game.title}” is ready for {game.players.count()} players.")
            return redirect("quiz")
    return render(request, "insights/education/quiz_new.html", {"form": form, "figures": figures})


@login_required
@require_http_methods(["GET", "POST"])
def quiz_play(request, pk: int):
    """Play a game on any screen: one question at a time; answering shows the explanation."""
    game = get_object_or_404(QuizGame, pk=pk)
    if request.method == "POST":
        question = get_object_or_404(QuizQuestion, pk=request.POST.get("question"), game=game)
        try:
            choice = int(request.POST.get("choice", ""))
        except ValueError:
            messages.error(request, "Choose one of the answers.")
            return redirect("quiz-play", pk=game.pk)
        try:
            services.quiz_answer_submit(question=question, player=request.user, choice=choice)
        except DomainError as exc:
            messages.warning(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("quiz-play", pk=game.pk)
        return redirect("quiz-answered", pk=game.pk, question_id=question.pk)
    is_player = game.players.filter(pk=request.user.pk).exists()
    if not is_player and allowed(request.user, Action.RUN_GAME):
        # The lead who runs the game watches its scores rather than playing it.
        question = None
    else:
        question = services.quiz_question_next(game=game, player=request.user)
    total = game.questions.count()
    if question is None:
        return render(
            request,
            "insights/education/quiz_done.html",
            {
                "game": game,
                "answers": QuizAnswer.objects.filter(attempt__game=game, attempt__player=request.user).select_related(
                    "question"
                ),
                "rows": selectors.quiz_leaderboard(start=game.created_at, end=timezone.now(), game=game),
                "is_player": is_player,
            },
        )
    return render(
        request,
        "insights/education/quiz_question.html",
        {"game": game, "question": question, "total": total, "choices": list(enumerate(question.choices))},
    )


@login_required
def quiz_answered(request, pk: int, question_id: int):
    """The player's answer to one question, the right one, and why."""
    game = get_object_or_404(QuizGame, pk=pk)
    answer = get_object_or_404(
        QuizAnswer.objects.select_related("question"),
        attempt__game=game,
        attempt__player=request.user,
        question_id=question_id,
    )
    question = answer.question
    return render(
        request,
        "insights/education/quiz_answered.html",
        {
            "game": game,
            "answer": answer,
            "question": question,
            "choices": list(enumerate(question.choices)),
            "remaining": game.questions.exclude(answers__attempt=answer.attempt).exists(),
        },
    )


@login_required
def quiz_leaderboard(request):
    """A quarter's leaderboard."""
    require(request.user, Action.PLAY_GAME)
    label = request.GET.get("quarter")
    try:
        start, end, label = selectors.parse_quarter(label) if label else selectors.quarter_bounds(timezone.localdate())
    except ValueError:
        return HttpResponseBadRequest('quarter: write a quarter as "2025-Q3".')
    return render(
        request,
        "insights/education/quiz_leaderboard.html",
        {"rows": selectors.quiz_leaderboard(start=start, end=end), "quarter": label},
    )


# --- listen-in ------------------------------------------------------------------------------


class ListenInForm(forms.Form):
    guest = forms.ModelChoiceField(queryset=User.objects.none(), label="Guest")
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=f"In {settings.TIME_ZONE}.",
    )
    duration_minutes = forms.IntegerField(min_value=5, max_value=480, initial=60, label="Duration, minutes")
    queue = forms.CharField(max_length=80, label="Queue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        "insights/education/listen_in_list.html",
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
        try:
            session = services.listen_in_schedule(
                scheduled_by=request.user,
                guest=data["guest"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                queue=data["queue"],
            )
        except (ValidationError, DomainError) as exc:
            _errors_into_form(form, exc)
        else:
            messages.success(request, f"{session.guest} is invited; the invitation is on its way.")
            return redirect("listen-in-detail", pk=session.pk)
    return render(request, "insights/education/listen_in_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def listen_in_detail(request, pk: int):
    """One session: the guest answers, records notes afterwards and turns them into a draft insight."""
    session = get_object_or_404(selectors.listen_in_sessions_for(user=request.user), pk=pk)
    form = NotesForm(request.POST or None, initial={"notes": session.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.listen_in_notes_record(session=session, user=request.user, notes=form.cleaned_data["notes"])
        except (ValidationError, DomainError) as exc:
            _errors_into_form(form, exc)
        else:
            messages.success(request, "Your notes are saved.")
            return redirect("listen-in-detail", pk=session.pk)
    is_guest = request.user.pk == session.guest_id
    return render(
        request,
        "insights/education/listen_in_detail.html",
        {
            "session": session,
            "form": form,
            "is_guest": is_guest,
            "has_started": session.starts_at <= timezone.now(),
            "can_draft": bool(session.notes) and (is_guest or allowed(request.user, Action.DRAFT_INSIGHT)),
            "evidence_count": selectors.listen_in_evidence_contacts(session=session).count(),
        },
    )


@login_required
@require_POST
def listen_in_answer(request, pk: int):
    """The signed-in guest accepts or declines."""
    session = get_object_or_404(selectors.listen_in_sessions_for(user=request.user), pk=pk)
    try:
        services.listen_in_respond(session=session, accept=request.POST.get("answer") == "accept", user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("listen-in-detail", pk=session.pk)


@login_required
@require_POST
def listen_in_draft_insight(request, pk: int):
    """One click: the notes become a draft insight with the queue's contacts of the session as evidence."""
    session = get_object_or_404(selectors.listen_in_sessions_for(user=request.user), pk=pk)
    try:
        insight = services.listen_in_insight_draft(session=session, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Draft insight “{insight.title}” created with {insight.evidence.count()} contacts as evidence."
        )
    return redirect("listen-in-detail", pk=session.pk)


@require_http_methods(["GET", "POST"])
def listen_in_respond(request, token: str):
    """The e-mailed link: accept or decline without signing in (the token is the guest's key)."""
    session = get_object_or_404(ListenInSession.objects.select_related("guest", "scheduled_by"), response_token=token)
    error = None
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            error = "Choose accept or decline."
        else:
            try:
                session = services.listen_in_respond(session=session, accept=answer == "accept", token=token)
            except (ValidationError, PermissionDenied) as exc:
                error = " ".join(getattr(exc, "messages", [str(exc)]))
    return render(
        request,
        "insights/education/listen_in_respond.html",
        {"session": session, "error": error, "answered": request.method == "POST" and error is None},
    )
