"""Celery tasks, one module per area. Celery autodiscovers this package; import each module here."""

from attribution.tasks.ledger import ledger_post_direct, ledger_rollups_compact  # noqa: F401  (autodiscovery)
from attribution.tasks.signoffs import chain_anchor_write, signoff_reminders_send  # noqa: F401  (autodiscovery)
