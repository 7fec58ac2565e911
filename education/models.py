"""Executive education: quiz games built from the center's own figures, and listen-in sessions.

The tables were created by the insights app and keep their names (`db_table`), so moving the models
here moved no data.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class QuizGame(models.Model):
    """A set of questions a lead starts for a group; each invited person plays it once."""

    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    group_label = models.CharField(max_length=200, blank=True, help_text="Who the game was started for, in words.")
    players = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="quiz_games", blank=True)
    figures = models.JSONField(default=dict, blank=True, help_text="The center's figures the questions were built on.")

    class Meta:
        db_table = "insights_quizgame"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    """One multiple-choice question; its right answer is computed from the figures, never typed in."""

    game = models.ForeignKey(QuizGame, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    template = models.CharField(max_length=60, help_text="Which question template built it.")
    prompt = models.TextField()
    choices = models.JSONField(help_text="The answer choices, in the order shown.")
    correct_choice = models.PositiveSmallIntegerField(help_text="Index into choices of the computed right answer.")
    explanation = models.TextField(help_text="Shown after the answer: why the right answer is right.")
    inputs = models.JSONField(default=dict, blank=True, help_text="The numbers the answer was computed from.")

    class Meta:
        db_table = "insights_quizquestion"
        ordering = ["game", "position"]
        constraints = [
            models.UniqueConstraint(fields=["game", "position"], name="quiz_question_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.game} Q{self.position}"


class QuizAttempt(models.Model):
    """One person's play of one game: one attempt per person and game, so a game cannot be replayed."""

    game = models.ForeignKey(QuizGame, on_delete=models.CASCADE, related_name="attempts")
    player = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "insights_quizattempt"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["game", "player"], name="quiz_attempt_once_per_player"),
        ]

    def __str__(self) -> str:
        return f"{self.player} playing {self.game}"


class QuizPresentation(models.Model):
    """When a question was first shown to a player: the start of the clock that scores speed."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="presentations")
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="+")
    shown_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "insights_quizpresentation"
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="quiz_presentation_once"),
        ]


class QuizAnswer(models.Model):
    """A player's answer to a question. Final: the database holds at most one per attempt and question."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(QuizQuestion, on_delete=models.PROTECT, related_name="answers")
    choice = models.PositiveSmallIntegerField()
    is_correct = models.BooleanField()
    seconds_taken = models.DecimalField(max_digits=8, decimal_places=2)
    points = models.PositiveIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "insights_quizanswer"
        ordering = ["attempt", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="quiz_answer_once_per_question"),
            models.CheckConstraint(condition=Q(seconds_taken__gte=0), name="quiz_answer_seconds_nonnegative"),
            models.CheckConstraint(condition=Q(is_correct=True) | Q(points=0), name="quiz_answer_wrong_scores_zero"),
        ]


def _response_token() -> str:
    return secrets.token_urlsafe(32)


class ListenInSession(models.Model):
    """A guest (executive or department member) listens to live contacts on one queue for a while."""

    class Response(models.TextChoices):
        PENDING = "pending", "Awaiting reply"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    guest = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="listen_ins")
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    queue = models.CharField(max_length=80)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    response_token = models.CharField(max_length=64, unique=True, default=_response_token, editable=False)
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="What the guest heard, in their words.")
    notes_recorded_at = models.DateTimeField(null=True, blank=True)
    insight = models.OneToOneField(
        "insights.Insight", null=True, blank=True, on_delete=models.SET_NULL, related_name="listen_in"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "insights_listeninsession"
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="listen_in_session_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | ~Q(response="pending"),
                name="listen_in_session_response_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(guest=F("scheduled_by")), name="listen_in_session_guest_is_not_scheduler"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="listen_in_starts_at_idx")]

    def __str__(self) -> str:
        return f"{self.guest} on {self.queue} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)
