"""Demo contacts: realistic volume, a fresh spike the emerging-issue check flags, idempotent."""

from insights.demo import SPIKE_REASON, seed_contacts
from insights.models import Contact, EmergingIssue


def test_seed_contacts_adds_a_spike_that_is_flagged_and_runs_once(db):
    created = seed_contacts(count=6000, days=42)
    assert 5500 < created < 7000
    assert Contact.objects.count() == created
    assert set(Contact.objects.values_list("channel", flat=True).distinct()) == {
        "call",
        "chat",
        "email",
        "social",
        "survey",
    }
    flagged = set(EmergingIssue.objects.values_list("reason_code", flat=True))
    assert flagged == {SPIKE_REASON}
    assert seed_contacts(count=6000, days=42) == 0
    assert Contact.objects.count() == created
