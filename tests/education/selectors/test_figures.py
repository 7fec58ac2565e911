"""education.selectors.figures: the center's figures come from its contacts, or a labelled sample."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from education.quiz import SAMPLE_FIGURES
from education.selectors import recent_center_figures
from tests.education.education_support import make_contact


def test_center_figures_come_from_the_contacts(db, settings):
    settings.SHORT_ABANDON_SECONDS = 5
    tz = timezone.get_current_timezone()
    tuesday = datetime(2025, 3, 4, 14, 0, tzinfo=tz)
    monday = tuesday - timedelta(days=1)
    for i in range(8):  # Tuesday 2 pm: 8 calls, 2 abandoned after waiting, 1 short abandon (not offered)
        make_contact(started_at=tuesday + timedelta(minutes=5 * i), abandoned=i < 2, wait=90, handle=200)
    make_contact(started_at=tuesday + timedelta(minutes=50), abandoned=True, wait=2)
    for i in range(4):  # Monday 9 am: 4 calls, none abandoned
        make_contact(started_at=monday.replace(hour=9) + timedelta(minutes=10 * i), handle=400)
    make_contact(started_at=tuesday, channel="email", handle=999)  # not queued: ignored
    figures = recent_center_figures(now=tuesday + timedelta(days=2))
    assert figures.is_sample is False
    assert figures.contacts == 12
    assert figures.busiest_hour == 14
    assert figures.busiest_hour_contacts == 8
    assert figures.hourly_contacts == 6
    assert figures.aht_seconds == pytest.approx((6 * 200 + 4 * 400) / 10)
    assert figures.abandonment_day == date(2025, 3, 4)
    assert figures.abandonment_rate == pytest.approx(2 / 8)


def test_with_no_contacts_the_figures_are_the_labelled_sample(db):
    assert recent_center_figures() == SAMPLE_FIGURES
    assert recent_center_figures().is_sample
