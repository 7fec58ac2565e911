from django.core.management import call_command

from core.models import OutboxEvent
from insights.models import Insight, InsightRevision


def test_seed_demo_adds_a_dozen_insights_some_published_and_is_idempotent(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    # The education demo adds one more draft, written from a listen-in session's notes.
    seeded = Insight.objects.filter(listen_in__isnull=True)
    assert seeded.count() == 12
    assert seeded.filter(status="published").count() == 8  # two not yet acted on: the pipeline
    assert len(set(seeded.values_list("category", flat=True))) == 5
    assert all(i.evidence.exists() for i in seeded)
    assert InsightRevision.objects.count() == 8
    # Every event is handled: one per publication, plus the demo's declines and the emerging problems it flags.
    assert not OutboxEvent.objects.filter(processed_at__isnull=True).exists()
    published = OutboxEvent.objects.filter(kind=OutboxEvent.Kind.INSIGHT_PUBLISHED)
    assert published.count() == 8
    call_command("seed_demo")
    assert Insight.objects.filter(listen_in__isnull=True).count() == 12
