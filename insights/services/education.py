"""Writes for executive education: quiz games and answers, listen-in sessions and the insights they feed."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from email.mime.text import MIMEText

import icalendar
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, allowed, grants_for, require
from core.errors import Conflict
from core.queue import enqueue_on_commit
from insights.models import (
    Insight,
    InsightEvidence,
    InsightStatus,
    ListenInSession,
    QuizAnswer,
    QuizAttempt,
    QuizGame,
    QuizPresentation,
    QuizQuestion,
)
from insights.quiz import CenterFigures, build_questions

MAX_QUESTIONS = 6
CORRECT_POINTS = 100
SPEED_BONUS_SECONDS = 60  # one bonus point for every second under a minute, for right answers


# --- quiz -----------------------------------------------------------------------------------


@transaction.atomic
def quiz_game_start(
    *,
    started_by: User,
    title: str,
    players: list[User],
    question_count: int,
    figures: CenterFigures,
    group_label: str = "",
    seed: int | str | None = None,
) -> QuizGame:
    """Start a game for a group: its questions are built, with computed answers, from the figures given."""
    require(started_by, Action.RUN_GAME)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ["Give the game a title."]})
    if not 1 <= question_count <= MAX_QUESTIONS:
        raise ValidationError({"question_count": [f"Choose between 1 and {MAX_QUESTIONS} questions."]})
    if not players:
        raise ValidationError({"players": ["Choose at least one person to play."]})
    refused = [str(p) for p in players if not allowed(p, Action.PLAY_GAME)]
    if refused:
        raise ValidationError({"players": [f"These people may not play: {', '.join(refused)}."]})
    game = QuizGame.objects.create(
        title=title, created_by=started_by, group_label=group_label[:200], figures=figures.as_json()
    )
    game.players.set(players)
    drafts = build_questions(figures, count=question_count, seed=seed if seed is not None else game.pk)
    QuizQuestion.objects.bulk_create(
        QuizQuestion(
            game=game,
            position=position,
            template=draft.template,
            prompt=draft.prompt,
            choices=draft.choices,
            correct_choice=draft.correct_choice,
            explanation=draft.explanation,
            inputs={k: (None if isinstance(v, float) and math.isinf(v) else v) for k, v in draft.inputs.items()},
        )
        for position, draft in enumerate(drafts, start=1)
    )
    return game


def _require_player(game: QuizGame, player: User) -> None:
    require(player, Action.PLAY_GAME)
    if not game.players.filter(pk=player.pk).exists():
        raise PermissionDenied("You are not one of this game's players.")


@transaction.atomic
def quiz_question_next(*, game: QuizGame, player: User) -> QuizQuestion | None:
    """The player's next unanswered question, its clock started on first showing; None when all are answered."""
    _require_player(game, player)
    attempt, _ = QuizAttempt.objects.get_or_create(game=game, player=player)
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    question = game.questions.exclude(answers__attempt=attempt).order_by("position").first()
    if question is None:
        if attempt.finished_at is None:
            attempt.finished_at = timezone.now()
            attempt.save(update_fields=["finished_at"])
        return None
    QuizPresentation.objects.get_or_create(attempt=attempt, question=question)
    return question


def quiz_points(*, is_correct: bool, seconds: Decimal) -> int:
    """100 for a right answer plus a point for every whole second under a minute; 0 for a wrong one."""
    if not is_correct:
        return 0
    return CORRECT_POINTS + max(0, SPEED_BONUS_SECONDS - int(seconds))


def quiz_answer_submit(*, question: QuizQuestion, player: User, choice: int) -> QuizAnswer:
    """Record the player's answer. Answers are final: a second one for the same question is a Conflict."""
    try:
        return _quiz_answer_submit(question=question, player=player, choice=choice)
    except IntegrityError as exc:
        # Two submissions raced past the check; the unique constraint let exactly one in.
        if "quiz_answer_once_per_question" in str(exc):
            raise Conflict("This question is already answered; answers are final.", field="choice") from exc
        raise


@transaction.atomic
def _quiz_answer_submit(*, question: QuizQuestion, player: User, choice: int) -> QuizAnswer:
    game = question.game
    _require_player(game, player)
    if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < len(question.choices):
        raise ValidationError(
            {"choice": [f"Choose one of the {len(question.choices)} answers (0 to {len(question.choices) - 1})."]}
        )
    attempt = QuizAttempt.objects.select_for_update().filter(game=game, player=player).first()
    if attempt is None:
        raise ValidationError({"question": ["Open the question before answering it."]})
    if QuizAnswer.objects.filter(attempt=attempt, question=question).exists():
        raise Conflict("This question is already answered; answers are final.", field="choice")
    shown = QuizPresentation.objects.filter(attempt=attempt, question=question).values_list("shown_at", flat=True)
    shown_at = shown.first()
    if shown_at is None:
        raise ValidationError({"question": ["Open the question before answering it."]})
    now = timezone.now()
    seconds = Decimal(max(0.0, (now - shown_at).total_seconds())).quantize(Decimal("0.01"), ROUND_HALF_UP)
    is_correct = choice == question.correct_choice
    answer = QuizAnswer.objects.create(
        attempt=attempt,
        question=question,
        choice=choice,
        is_correct=is_correct,
        seconds_taken=seconds,
        points=quiz_points(is_correct=is_correct, seconds=seconds),
        answered_at=now,
    )
    if not game.questions.exclude(answers__attempt=attempt).exists():
        attempt.finished_at = now
        attempt.save(update_fields=["finished_at"])
    return answer


# --- listen-in ------------------------------------------------------------------------------


def _is_guest_material(user: User) -> bool:
    grants = grants_for(user)
    return grants.is_executive or bool(grants.departments("member", "signatory"))


@transaction.atomic
def listen_in_schedule(
    *, scheduled_by: User, guest: User, starts_at: datetime, duration_minutes: int, queue: str
) -> ListenInSession:
    """Schedule a listen-in for an executive or department member; the invitation goes out after commit."""
    require(scheduled_by, Action.SCHEDULE_LISTEN_IN)
    errors: dict[str, list[str]] = {}
    if guest is None or not guest.is_active or not _is_guest_material(guest):
        errors["guest"] = ["Invite an executive or a member of a department."]
    elif guest.pk == scheduled_by.pk:
        errors["guest"] = ["You cannot invite yourself."]
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = ["Give a date and time with a time zone."]
    elif starts_at <= timezone.now():
        errors["starts_at"] = ["The session must start in the future."]
    if isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int) or not 5 <= duration_minutes <= 480:
        errors["duration_minutes"] = ["Between 5 and 480 minutes."]
    queue = (queue or "").strip()
    if not queue:
        errors["queue"] = ["Name the queue the guest will listen to."]
    elif len(queue) > 80:
        errors["queue"] = ["At most 80 characters."]
    if errors:
        raise ValidationError(errors)
    session = ListenInSession(
        guest=guest, scheduled_by=scheduled_by, starts_at=starts_at, duration_minutes=duration_minutes, queue=queue
    )
    session.full_clean()
    session.save()
    from insights.tasks.education import listen_in_send_invitation

    enqueue_on_commit(listen_in_send_invitation, session.pk)
    return session


def listen_in_calendar(*, session: ListenInSession) -> bytes:
    """The session as an RFC 5545 invitation (METHOD:REQUEST) the guest's calendar can accept or decline."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Center Stage//Listen-in sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{session.calendar_uid}@center-stage")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"Listen in: {session.queue} queue")
    event.add(
        "description",
        f"Put on a headset and hear customers first-hand on the {session.queue} queue for "
        f"{session.duration_minutes} minutes. Afterwards, write down what you heard.\n\n"
        f"Accept or decline: {_respond_url(session)}",
    )
    event.add("location", f"Contact center — {session.queue} queue")
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    organizer = icalendar.vCalAddress(f"mailto:{session.scheduled_by.email}")
    organizer.params["cn"] = icalendar.vText(str(session.scheduled_by))
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{session.guest.email}")
    attendee.params["cn"] = icalendar.vText(str(session.guest))
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
    attendee.params["rsvp"] = icalendar.vText("TRUE")
    event.add("attendee", attendee)
    event.add("url", _respond_url(session))
    calendar.add_component(event)
    return calendar.to_ical()


def _respond_url(session: ListenInSession) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("listen-in-respond", args=[session.response_token])


@transaction.atomic
def listen_in_invitation_send(*, session_id: int) -> bool:
    """E-mail the guest the invitation with its .ics; once only (True when this call sent it)."""
    session = (
        ListenInSession.objects.select_for_update(of=("self",))
        .select_related("guest", "scheduled_by")
        .filter(pk=session_id)
        .first()
    )
    if session is None or session.invitation_sent_at is not None:
        return False
    local_start = timezone.localtime(session.starts_at)
    message = EmailMessage(
        subject=f"Listen in on the {session.queue} queue, {local_start:%A %d %B at %H:%M}",
        body=(
            f"Hello {session.guest.get_short_name()},\n\n"
            f"{session.scheduled_by} has invited you to listen in on customer contacts on the {session.queue} queue "
            f"on {local_start:%A %d %B %Y at %H:%M} ({timezone.get_current_timezone_name()}) for "
            f"{session.duration_minutes} minutes.\n\n"
            f"Accept or decline here: {_respond_url(session)}\n"
            "The attached invitation adds it to your calendar.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[session.guest.email],
        reply_to=[session.scheduled_by.email],
    )
    invitation = MIMEText(listen_in_calendar(session=session).decode("utf-8"), "calendar", "utf-8")
    invitation.set_param("method", "REQUEST")
    invitation.add_header("Content-Disposition", "attachment", filename="listen-in.ics")
    message.attach(invitation)
    message.send()
    session.invitation_sent_at = timezone.now()
    session.save(update_fields=["invitation_sent_at"])
    return True


@transaction.atomic
def listen_in_respond(
    *, session: ListenInSession, accept: bool, user: User | None = None, token: str | None = None
) -> ListenInSession:
    """The guest accepts or declines (by the e-mailed token, or signed in); they may change it until it starts."""
    session = ListenInSession.objects.select_for_update().get(pk=session.pk)
    by_token = token is not None and token == session.response_token
    by_guest = user is not None and user.is_authenticated and user.pk == session.guest_id
    if not (by_token or by_guest):
        raise PermissionDenied("Only the invited guest can answer this invitation.")
    if session.starts_at <= timezone.now():
        raise ValidationError({"response": ["The session has already started; the answer can no longer change."]})
    session.response = ListenInSession.Response.ACCEPTED if accept else ListenInSession.Response.DECLINED
    session.responded_at = timezone.now()
    session.full_clean()
    session.save(update_fields=["response", "responded_at"])
    return session


@transaction.atomic
def listen_in_notes_record(*, session: ListenInSession, user: User, notes: str) -> ListenInSession:
    """The guest writes down what they heard, once the session has started."""
    session = ListenInSession.objects.select_for_update().get(pk=session.pk)
    if user.pk != session.guest_id:
        raise PermissionDenied("Only the guest records what they heard.")
    if session.starts_at > timezone.now():
        raise ValidationError({"notes": ["Record what you heard after the session has started."]})
    if session.response == ListenInSession.Response.DECLINED:
        raise ValidationError({"notes": ["This session was declined."]})
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": ["Write down what you heard."]})
    if len(notes) > 20000:
        raise ValidationError({"notes": ["At most 20,000 characters."]})
    session.notes = notes
    session.notes_recorded_at = timezone.now()
    if session.response == ListenInSession.Response.PENDING:
        # Writing notes is the clearest answer there is.
        session.response = ListenInSession.Response.ACCEPTED
        session.responded_at = session.notes_recorded_at
    session.save(update_fields=["notes", "notes_recorded_at", "response", "responded_at"])
    return session


@transaction.atomic
def listen_in_insight_draft(*, session: ListenInSession, user: User) -> Insight:
    """Turn the guest's notes into a draft insight whose evidence is the queue's contacts during the session.

    One insight per session: a second click returns the same draft.
    LEAD: swap the creation below for insights.services.insights.insight_create once it is merged.
    """
    from insights.selectors.education import listen_in_evidence_contacts

    session = (
        ListenInSession.objects.select_for_update(of=("self",)).select_related("guest", "insight").get(pk=session.pk)
    )
    if user.pk != session.guest_id and not allowed(user, Action.DRAFT_INSIGHT):
        raise PermissionDenied("Only the guest or the center's staff can draft an insight from these notes.")
    if session.insight_id:
        return session.insight
    if not session.notes:
        raise ValidationError({"notes": ["Record what you heard first."]})
    contacts = listen_in_evidence_contacts(session=session)
    stats = contacts.aggregate(
        contacts=Count("id"),
        abandoned=Count("id", filter=Q(abandoned=True)),
        average_wait_seconds=Avg("wait_seconds"),
        average_handle_seconds=Avg("handle_seconds"),
    )
    stats = {k: (round(float(v), 1) if isinstance(v, float | Decimal) else v) for k, v in stats.items()}
    local_start = timezone.localtime(session.starts_at)
    now = timezone.now()
    insight = Insight.objects.create(
        title=f"What {session.guest} heard on the {session.queue} queue, {local_start:%d %b %Y}"[:200],
        summary=session.notes,
        status=InsightStatus.DRAFT,
        statistics={
            "source": "listen_in",
            "listen_in_session": session.pk,
            "window_start": session.starts_at.isoformat(),
            "window_end": session.ends_at.isoformat(),
            "queue": session.queue,
            **stats,
        },
        created_by=user,
        created_at=now,
        updated_at=now,
    )
    InsightEvidence.objects.bulk_create(
        InsightEvidence(insight=insight, contact_id=contact_id, note="Heard during the listen-in session")
        for contact_id in contacts.values_list("id", flat=True)
    )
    session.insight = insight
    session.save(update_fields=["insight"])
    return insight
