"""`enqueue_on_commit(task, *ids)`: the one way to queue work, and the one sweep that re-queues what an outage left.

Work is queued only after the transaction that made it necessary commits. If the broker is down at that
moment, the request that committed is not failed (a callback runs after the answer is decided) and the work
is not lost: the caller's own rows — an outbox event without its deliveries, a pending notification, an import
job still `queued` — are the durable record, and `queue_sweep_run` (beat, every OUTBOX_SWEEP_SECONDS) finds them
through the re-queuers apps register here and queues them again once the broker answers.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

# Fast failure: one retry, at once. The sweep, not the request, waits for the broker to come back.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

Requeuer = Callable[[], int]
_REQUEUERS: dict[str, Requeuer] = {}


def enqueue(task, *args) -> bool:
    """Queue a task now; if the broker is unreachable, log it and leave the work to the sweep. True if queued."""
    try:
        task.apply_async(args=args, retry=True, retry_policy=RETRY_POLICY)
    except Exception as exc:  # the broker being down must never fail the request that committed the change
        logger.warning("Could not queue %s%r (%s); the sweep will pick it up.", task.name, args, exc)
        return False
    return True


def enqueue_on_commit(task, *ids: int | str | None) -> None:
    """Queue `task(*ids)` once the current transaction commits (at once outside one); an outage is left to the sweep.

    Tasks take ids (or other plain values such as an ISO timestamp), never objects: the worker reads the rows."""
    transaction.on_commit(lambda: enqueue(task, *ids))


def register_requeuer(name: str, requeue: Requeuer) -> None:
    """Have every sweep call `requeue()`, which queues again what it finds stranded and returns how many."""
    _REQUEUERS[name] = requeue


def unregister_requeuer(name: str) -> None:
    _REQUEUERS.pop(name, None)


def queue_sweep_run() -> dict[str, int]:
    """Run every registered re-queuer (one failing does not stop the others); returns name → how many."""
    results: dict[str, int] = {}
    for name, requeue in list(_REQUEUERS.items()):
        try:
            results[name] = requeue()
        except Exception:  # one app's bug must not starve the others' stranded work
            logger.exception("Re-queuer %s failed", name)
            results[name] = 0
    return results
