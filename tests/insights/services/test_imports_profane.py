"""The import counts profanity per contact (`profane`), on the COPY path and the batched inserts alike."""

import pytest
from django.utils import timezone

from insights.models import Contact


@pytest.mark.parametrize("copy", [True, False])
def test_each_imported_contact_says_whether_its_words_held_profanity(db, tmp_path, copy):
    from tests.insights.factories import contacts_imported

    now = timezone.now()
    job = contacts_imported(
        tmp_path,
        {"started_at": now, "text": "This is f*cking useless, call me on 020 7946 0958"},
        {"started_at": now, "text": "Charged twice for the same month"},
        {"started_at": now, "text": ""},
        copy=copy,
    )
    assert job.status == "done", job.error
    stored = dict(Contact.objects.values_list("text", "profane"))
    assert stored == {
        "This is f*cking useless, call me on [PHONE]": True,
        "Charged twice for the same month": False,
        "": False,
    }
