"""A real Celery worker, the Redis broker and PostgreSQL: a task goes out and its answer comes back."""

import pytest

from config.celery import ping
from tests.accounts.factories import UserFactory


@pytest.mark.worker
def test_task_round_trips_through_a_real_worker(live_worker):
    UserFactory.create_batch(3)
    result = ping.delay()
    answer = result.get(timeout=30)
    assert answer == {"pong": True, "database": "postgresql", "users": 3}
    assert result.successful()
