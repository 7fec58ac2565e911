# Transitional re-export; the lead removes it after the merge.
from core.outbox import (
    Consumer,
    backoff_seconds,
    consumers_for,
    enqueue,
    outbox_dispatch_event,
    outbox_event_record,
    outbox_sweep_run,
    register_consumer,
    unregister_consumer,
)

__all__ = [
    "Consumer",
    "backoff_seconds",
    "consumers_for",
    "enqueue",
    "outbox_dispatch_event",
    "outbox_event_record",
    "outbox_sweep_run",
    "register_consumer",
    "unregister_consumer",
]
