"""Emerging issues: reason codes whose volume or dissatisfaction spikes against their own recent baseline.

Time is cut into aligned windows of EMERGING_WINDOW_MINUTES. For each reason code and window:

* volume — the count in the window against the same window in each of the previous
  EMERGING_BASELINE_WEEKS weeks (so the hour of day and the day of week are matched), by an exact
  conditional test of two Poisson counts; when the baseline is noisier than Poisson, its own spread
  caps the score, so a noisy or a quiet-by-chance baseline does not raise false alarms. A window
  still in progress is compared with a whole baseline window, which only makes the test more cautious.
* dissatisfaction — the share of rated contacts that were unhappy (CSAT 1–2, or sentiment at or
  below −0.3 where there is no CSAT) against that reason's share over the whole baseline period,
  by an exact binomial test.
* anger — the share of contacts whose excerpt holds profanity (`Contact.profane`) against that reason's
  share over the whole baseline period, by the same test: "more angry customers than usual".

Scores are p-values expressed as z-scores (4 ≈ a 3-in-100,000 chance under normal conditions).
A spike is flagged when the observed count is at least EMERGING_MIN_COUNT and the score at least
EMERGING_MIN_SCORE. The unique constraint on (reason, signal, window) makes the check idempotent:
however often it runs, each spike is recorded once.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from statistics import NormalDist

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from insights.models import Contact, EmergingIssue
from insights.services.emerging_problems import emerging_problem_announce

UNHAPPY_SENTIMENT = Decimal("-0.3")
MIN_BASELINE_WEEKS = 2
MIN_BASELINE_RATED = 30
MAX_LOOKBACK = timedelta(days=7)
SAMPLE_SIZE = 5
_EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday, midnight UTC: windows align to it

UNHAPPY = Q(csat__lte=2) | Q(csat__isnull=True, sentiment__lte=UNHAPPY_SENTIMENT)
RATED = Q(csat__isnull=False) | Q(sentiment__isnull=False)
ANGRY = Q(profane=True)


@dataclass(frozen=True)
class Spike:
    reason_code: str
    signal: str
    window_start: datetime
    window_end: datetime
    observed: float
    expected: float
    score: float


def window_floor(moment: datetime, minutes: int) -> datetime:
    """The start of the aligned window holding `moment`."""
    size = timedelta(minutes=minutes)
    return _EPOCH + ((moment - _EPOCH) // size) * size


_NORMAL = NormalDist()
MAX_SCORE = 37.0  # the score of a p-value too small for a float


def binomial_upper_tail(successes: int, trials: int, p: float) -> float:
    """P(X >= successes) for X ~ Binomial(trials, p): exact below 2,000 trials, normal beyond."""
    if successes <= 0:
        return 1.0
    if successes > trials:
        return 0.0
    if trials > 2000:
        sd = math.sqrt(trials * p * (1 - p))
        return 1 - _NORMAL.cdf((successes - 0.5 - trials * p) / sd) if sd else float(successes <= trials * p)
    log_p, log_q = math.log(p), math.log1p(-p)
    head = math.lgamma(trials + 1)
    return min(
        1.0,
        sum(
            math.exp(head - math.lgamma(x + 1) - math.lgamma(trials - x + 1) + x * log_p + (trials - x) * log_q)
            for x in range(successes, trials + 1)
        ),
    )


def score_of(p_value: float) -> float:
    """The p-value as a z-score (how many standard deviations above normal); 4 means about 3 in 100,000."""
    if p_value <= 1e-300:
        return MAX_SCORE
    if p_value >= 1:
        return 0.0
    return min(MAX_SCORE, -_NORMAL.inv_cdf(p_value))


def volume_score(observed: int, baseline: list[int]) -> tuple[float, float]:
    """(expected, score) of a window's count against the same window's counts in k earlier weeks.

    Under "nothing changed", the window and the k baseline windows share one Poisson rate, so the
    window's share of their total is Binomial(total, 1/(k+1)): an exact test, honest for small counts.
    When the baseline varies more than Poisson noise does, a z-score with that spread caps the score.
    """
    k = len(baseline)
    expected = sum(baseline) / k
    score = score_of(binomial_upper_tail(observed, observed + sum(baseline), 1 / (k + 1)))
    spread = sum((b - expected) ** 2 for b in baseline) / (k - 1) if k > 1 else 0.0
    if spread > max(expected, 1.0):
        score = min(score, (observed - expected) / math.sqrt(spread * (1 + 1 / k)))
    return expected, score


def share_score(unhappy: int, rated: int, baseline_unhappy: int, baseline_rated: int) -> tuple[float, float, float]:
    """(observed share, expected share, score) of unhappy contacts against the baseline period's share."""
    expected = (baseline_unhappy + 1) / (baseline_rated + 2)  # smoothed: never exactly 0 or 1
    return unhappy / rated, expected, score_of(binomial_upper_tail(unhappy, rated, expected))


def _baseline_weeks(start: datetime, size: timedelta) -> list[int]:
    """The earlier weeks whose same window the data reaches back to: week i counts when some contact started before
    the end of that window (the start of the window holding the earliest contact is at or before it). One EXISTS per
    week, which stops at the first row of the oldest partition, instead of a min() over every partition."""
    week = timedelta(days=7)
    return [
        i
        for i in range(1, settings.EMERGING_BASELINE_WEEKS + 1)
        if Contact.objects.filter(started_at__lt=start - i * week + size).exists()
    ]


def _spikes_in_window(start: datetime, end: datetime) -> list[Spike]:
    week = timedelta(days=7)
    weeks = _baseline_weeks(start, end - start)
    baseline_start = start - settings.EMERGING_BASELINE_WEEKS * week
    in_window = Q(started_at__gte=start, started_at__lt=end)
    in_baseline = Q(started_at__gte=baseline_start, started_at__lt=start)
    aggregates = {
        "observed": Count("id", filter=in_window),
        "rated": Count("id", filter=in_window & RATED),
        "unhappy": Count("id", filter=in_window & RATED & UNHAPPY),
        "baseline_rated": Count("id", filter=in_baseline & RATED),
        "baseline_unhappy": Count("id", filter=in_baseline & RATED & UNHAPPY),
        "angry": Count("id", filter=in_window & ANGRY),
        "baseline_observed": Count("id", filter=in_baseline),
        "baseline_angry": Count("id", filter=in_baseline & ANGRY),
    }
    for i in weeks:
        aggregates[f"week_{i}"] = Count("id", filter=Q(started_at__gte=start - i * week, started_at__lt=end - i * week))
    rows = (
        Contact.objects.filter(started_at__gte=baseline_start, started_at__lt=end)
        .exclude(reason_code="")
        .values("reason_code")
        .annotate(**aggregates)
        .filter(observed__gte=settings.EMERGING_MIN_COUNT)
        .order_by()
    )
    spikes = []
    threshold = settings.EMERGING_MIN_SCORE
    for row in rows:
        if len(weeks) >= MIN_BASELINE_WEEKS:
            expected, score = volume_score(row["observed"], [row[f"week_{i}"] for i in weeks])
            if score >= threshold:
                spikes.append(
                    Spike(row["reason_code"], EmergingIssue.Signal.VOLUME, start, end, row["observed"], expected, score)
                )
        if row["unhappy"] >= settings.EMERGING_MIN_COUNT and row["baseline_rated"] >= MIN_BASELINE_RATED:
            observed, expected, score = share_score(
                row["unhappy"], row["rated"], row["baseline_unhappy"], row["baseline_rated"]
            )
            if score >= threshold:
                spikes.append(
                    Spike(
                        row["reason_code"], EmergingIssue.Signal.DISSATISFACTION, start, end, observed, expected, score
                    )
                )
        spikes += _anger_spike(row, start, end, threshold)
    return spikes


def _anger_spike(row: dict, start: datetime, end: datetime, threshold: float) -> list[Spike]:
    """More angry (profane) customers than the reason's own baseline share, when both are large enough to judge."""
    if row["angry"] < settings.EMERGING_MIN_COUNT or row["baseline_observed"] < MIN_BASELINE_RATED:
        return []
    observed, expected, score = share_score(
        row["angry"], row["observed"], row["baseline_angry"], row["baseline_observed"]
    )
    if score < threshold:
        return []
    return [Spike(row["reason_code"], EmergingIssue.Signal.ANGER, start, end, observed, expected, score)]


def _decimal(value: float, limit: float) -> Decimal:
    return Decimal(str(round(max(min(value, limit), -limit), 3)))


def _record(spike: Spike) -> EmergingIssue | None:
    """Store a spike once; returns the new issue, or None when this reason and window were already flagged."""
    with transaction.atomic():
        issue, created = EmergingIssue.objects.get_or_create(
            reason_code=spike.reason_code,
            signal=spike.signal,
            window_start=spike.window_start,
            window_end=spike.window_end,
            defaults={
                "observed": _decimal(spike.observed, 999_999_999),
                "expected": _decimal(spike.expected, 999_999_999),
                "score": _decimal(spike.score, 9_999_999),
                "detected_at": timezone.now(),
            },
        )
        if not created:
            return None
        samples = Contact.objects.filter(
            reason_code=spike.reason_code, started_at__gte=spike.window_start, started_at__lt=spike.window_end
        )
        if spike.signal == EmergingIssue.Signal.DISSATISFACTION:
            samples = samples.filter(RATED & UNHAPPY)
        elif spike.signal == EmergingIssue.Signal.ANGER:
            samples = samples.filter(ANGRY)
        issue.sample_contacts.set(samples.order_by("-started_at").values_list("id", flat=True)[:SAMPLE_SIZE])
        emerging_problem_announce(issue=issue)
    return issue


def emerging_issues_detect(*, now: datetime | None = None, since: datetime | None = None) -> list[EmergingIssue]:
    """Flag every spike in the windows from `since` (default: the previous window) to now; each only once."""
    now = now or timezone.now()
    minutes = settings.EMERGING_WINDOW_MINUTES
    size = timedelta(minutes=minutes)
    since = max(since or now - size, now - MAX_LOOKBACK)
    if not Contact.objects.exists():
        return []
    flagged = []
    start = window_floor(since, minutes)
    last = window_floor(now, minutes)
    while start <= last:
        for spike in _spikes_in_window(start, start + size):
            issue = _record(spike)
            if issue is not None:
                flagged.append(issue)
        start += size
    return flagged
