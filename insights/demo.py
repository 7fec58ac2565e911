"""Demo contacts: ~50k over 90 days with daily and weekly rhythm, and a fresh spike on one reason code."""

import math
import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from insights.models import Contact
from insights.services.emerging import emerging_issues_detect
from insights.services.imports import COLUMNS
from insights.services.metrics_rollup import contact_metrics_rollup_recount

DEMO_SOURCE = "demo"
SPIKE_REASON = "app_login_failure"

# reason code: (share of contacts, queue, csat mean, sentiment mean, excerpts)
REASONS = {
    "billing_dispute": (
        0.18,
        "billing",
        3.2,
        -0.2,
        ["I was charged twice this month.", "Why is my bill higher than last time?", "The late fee is wrong."],
    ),
    "password_reset": (
        0.14,
        "tech-support",
        4.3,
        0.2,
        ["I can't remember my password.", "The reset e-mail never arrived, write to [EMAIL] please."],
    ),
    "delivery_delay": (
        0.15,
        "orders",
        2.9,
        -0.35,
        ["Order 48213377 is a week late.", "Tracking has not moved since Monday.", "Where is my parcel?"],
    ),
    "cancel_subscription": (
        0.09,
        "retention",
        3.0,
        -0.15,
        ["I want to cancel, it's too expensive.", "Please close my account.", "A competitor offered me half price."],
    ),
    "upgrade_question": (
        0.12,
        "sales",
        4.4,
        0.4,
        ["What does the premium plan include?", "Can I add a second user?", "Is there a yearly discount?"],
    ),
    SPIKE_REASON: (
        0.08,
        "tech-support",
        3.6,
        0.0,
        ["The app logs me out.", "Login fails with error 500.", "Face ID stopped working in the app."],
    ),
    "refund_request": (
        0.14,
        "billing",
        3.4,
        -0.1,
        ["I returned the item, where is my refund?", "Refund to card [CARD] has not arrived."],
    ),
    "address_change": (
        0.10,
        "general",
        4.5,
        0.3,
        ["I moved, please update my address.", "Call me back on [PHONE] about my new address."],
    ),
}
CHANNELS = [("call", 0.45), ("chat", 0.25), ("email", 0.15), ("social", 0.05), ("survey", 0.10)]
HOUR_PROFILE = [1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 19, 18, 16, 17, 18, 17, 15, 12, 9, 7, 5, 3, 2, 1]
WEEKDAY_FACTOR = [1.0, 1.0, 1.0, 1.0, 0.95, 0.55, 0.4]
TYPICAL_HANDLE_SECONDS = {"call": 330, "chat": 420, "email": 240, "social": 150}
SPIKE_HOURS = 3
SPIKE_PER_HOUR = 45


def _choose(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


_FIELDS = ("source", *COLUMNS)


def _contact(rng: random.Random, number: int, started_at, reason: str, unhappy: bool = False) -> tuple:
    _, queue, csat_mean, sentiment_mean, excerpts = REASONS[reason]
    channel = _choose(rng, CHANNELS)
    queued = channel in ("call", "chat")
    wait = int(rng.expovariate(1 / (28 if channel == "call" else 16))) if queued else 0
    abandoned = queued and rng.random() < min(0.45, 0.02 + wait / 400)
    if abandoned or channel == "survey":
        handle = 0
    else:
        handle = int(rng.lognormvariate(math.log(TYPICAL_HANDLE_SECONDS[channel]), 0.5))
    if unhappy:
        csat_mean, sentiment_mean = 1.8, -0.6
    csat = None
    if not abandoned and (channel == "survey" or rng.random() < 0.3):
        csat = min(5, max(1, round(rng.gauss(csat_mean, 1.0))))
    nps = min(10, max(0, round(rng.gauss(csat_mean * 2, 2.2)))) if channel == "survey" or rng.random() < 0.08 else None
    sentiment = None
    if channel in ("chat", "email", "social") or rng.random() < 0.5:
        sentiment = Decimal(str(round(min(1.0, max(-1.0, rng.gauss(sentiment_mean, 0.35))), 3)))
    resolved = None if abandoned or rng.random() < 0.08 else rng.random() < (0.55 if unhappy else 0.74)
    customer = rng.randrange(1, 9000)
    ops = connection.ops
    return (
        DEMO_SOURCE,
        f"demo-{number:06d}",
        channel,
        ops.adapt_datetimefield_value(started_at),
        queue,
        wait,
        handle,
        abandoned,
        reason,
        resolved,
        csat,
        nps,
        None if sentiment is None else ops.adapt_decimalfield_value(sentiment, 4, 3),
        rng.choice(excerpts),
        f"CUST-{customer:05d}",
        ops.adapt_decimalfield_value(Decimal(customer % 97 * 250 + 400), 18, 2),
    )


def _insert(rows: list[tuple]) -> None:
    """Plain batched INSERTs: the ORM's per-value preparation would triple the time of `make demo`."""
    table = connection.ops.quote_name(Contact._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(_FIELDS)}) VALUES ({', '.join(['%s'] * len(_FIELDS))})"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i : i + 5000])


def seed_contacts(*, count: int = 50_000, days: int = 90, now=None) -> int:
    """Add demo contacts (once: nothing happens if they exist) and flag the fresh spike; returns how many."""
    if Contact.objects.filter(source=DEMO_SOURCE).exists():
        return 0
    rng = random.Random(20260101)  # noqa: S311 - demo data, not security
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    first_hour = (now - timedelta(days=days)).replace(minute=0)
    hours = []
    moment = first_hour
    while moment < now:
        hours.append((moment, HOUR_PROFILE[moment.hour] * WEEKDAY_FACTOR[moment.weekday()]))
        moment += timedelta(hours=1)
    scale = count / sum(weight for _, weight in hours)
    reasons = [(reason, share) for reason, (share, *_rest) in REASONS.items()]
    contacts: list[tuple] = []
    number = 0
    for hour, weight in hours:
        expected = weight * scale
        for _ in range(max(0, round(rng.gauss(expected, math.sqrt(expected))))):
            started_at = hour + timedelta(seconds=rng.randrange(3600))
            if started_at >= now:
                continue
            number += 1
            contacts.append(_contact(rng, number, started_at, _choose(rng, reasons)))
    # The spike: a login failure after an app release, loud and unhappy, in the last few hours.
    for _ in range(SPIKE_HOURS * SPIKE_PER_HOUR):
        number += 1
        started_at = now - timedelta(seconds=rng.randrange(SPIKE_HOURS * 3600))
        contacts.append(_contact(rng, number, started_at, SPIKE_REASON, unhappy=True))
    with transaction.atomic():
        _insert(contacts)
        contact_metrics_rollup_recount(first=first_hour, last=now)
    emerging_issues_detect(now=now, since=now - timedelta(hours=SPIKE_HOURS + 1))
    return len(contacts)
