"""The beat task that anchors the sign-off chain: thin, idempotent, scheduled every SIGNOFF_ANCHOR_MINUTES."""

from django.conf import settings

from attribution.tasks.signoffs import chain_anchor_write
from tests.attribution.factories import SignoffRecordFactory


def test_the_task_anchors_the_head_once(org):
    record = SignoffRecordFactory()
    assert chain_anchor_write.apply().get() == record.sequence
    assert chain_anchor_write.apply().get() is None


def test_the_anchor_task_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["signoff-chain-anchor"]
    assert entry == {"task": "attribution.chain_anchor_write", "schedule": settings.SIGNOFF_ANCHOR_MINUTES * 60.0}
    assert settings.SIGNOFF_ANCHOR_MINUTES == 60
