"""Writes for the quiz: starting a game, showing its questions, scoring answers."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, allowed, require
from core.errors import Conflict
from core.typed_text import scrub
from education.models import QuizAnswer, QuizAttempt, QuizGame, QuizPresentation, QuizQuestion
from education.quiz import CenterFigures, build_questions

MAX_QUESTIONS = 6
CORRECT_POINTS = 100
SPEED_BONUS_SECONDS = 60  # one bonus point for every second under a minute, for right answers


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
    title = scrub((title or "").strip())
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
        title=title, created_by=started_by, group_label=scrub(group_label)[:200], figures=figures.as_json()
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
