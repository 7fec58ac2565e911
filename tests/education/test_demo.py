"""seed_demo adds a played quiz game and a past listen-in session, and stays idempotent."""

from django.core.management import call_command
from django.utils import timezone

from education.models import ListenInSession, QuizAnswer, QuizGame
from insights.models import Contact, Insight


def test_seed_demo_adds_a_played_game_and_a_past_listen_in(db):
    call_command("seed_demo")
    counts = (
        QuizGame.objects.count(),
        QuizAnswer.objects.count(),
        ListenInSession.objects.count(),
        Insight.objects.count(),
        Contact.objects.count(),
    )
    game = QuizGame.objects.get()
    assert game.questions.count() == 5
    assert QuizAnswer.objects.values("attempt__player").distinct().count() == 3
    session = ListenInSession.objects.get()
    assert session.starts_at < timezone.now() and session.notes
    assert session.insight.status == "draft" and session.insight.evidence.count() >= 6
    assert not game.figures["is_sample"]
    call_command("seed_demo")
    assert (
        QuizGame.objects.count(),
        QuizAnswer.objects.count(),
        ListenInSession.objects.count(),
        Insight.objects.count(),
        Contact.objects.count(),
    ) == counts
