"""Small builders shared by the education tests (contacts on a queue, a started game)."""

import itertools
from datetime import datetime, timedelta

from education.quiz import SAMPLE_FIGURES, CenterFigures
from education.services import quiz_game_start
from insights.models import Contact

_ids = itertools.count(1)


def make_contact(
    *,
    started_at: datetime,
    queue: str = "billing",
    abandoned: bool = False,
    wait: int = 30,
    handle: int = 300,
    channel: str = "call",
    source: str = "test",
) -> Contact:
    return Contact.objects.create(
        source=source,
        external_id=f"c{next(_ids)}",
        channel=channel,
        started_at=started_at,
        queue=queue,
        wait_seconds=wait,
        handle_seconds=0 if abandoned else handle,
        abandoned=abandoned,
    )


def contacts_every(*, start: datetime, minutes: int, count: int, **kwargs) -> list[Contact]:
    return [make_contact(started_at=start + timedelta(minutes=minutes * i), **kwargs) for i in range(count)]


def start_game(org, *, players=None, count: int = 3, figures: CenterFigures = SAMPLE_FIGURES, seed=7):
    return quiz_game_start(
        started_by=org.lead,
        title="How a contact center works",
        players=players if players is not None else [org.executive, org.marketing_member],
        question_count=count,
        figures=figures,
        seed=seed,
    )
