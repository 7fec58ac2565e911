"""The product's own settings: the knobs of imports, metrics, emerging issues, sign-offs and the ledger, and the
periodic jobs they time. Read from the environment like the rest (config/settings/__init__.py star-imports this).
"""

from decimal import Decimal

from config.settings.environment import env, env_positive

# Periodic jobs (Celery beat); each section below adds the jobs it times.
CELERY_BEAT_SCHEDULE: dict = {}

# --- Domain settings ------------------------------------------------------------------------
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo")
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
SHORT_ABANDON_SECONDS = env.int("SHORT_ABANDON_SECONDS", default=5)
SERVICE_LEVEL_SECONDS = env.int("SERVICE_LEVEL_SECONDS", default=20)
DEFAULT_CENTER_CREDIT_SHARE = Decimal(env.str("DEFAULT_CENTER_CREDIT_SHARE", default="0.20"))
SIGNOFF_REMIND_DAYS = env.int("SIGNOFF_REMIND_DAYS", default=3)
SIGNOFF_ESCALATE_DAYS = env.int("SIGNOFF_ESCALATE_DAYS", default=7)
# Emerging issues: each reason code's latest window against the same window in earlier weeks.
EMERGING_WINDOW_MINUTES = env.int("EMERGING_WINDOW_MINUTES", default=60)
EMERGING_BASELINE_WEEKS = env.int("EMERGING_BASELINE_WEEKS", default=4)
EMERGING_MIN_COUNT = env.int("EMERGING_MIN_COUNT", default=10)
EMERGING_MIN_SCORE = env.float("EMERGING_MIN_SCORE", default=4.0)
EMERGING_CHECK_SECONDS = env.int("EMERGING_CHECK_SECONDS", default=300)
# A flagged window starts a new problem (one e-mail to the center's leads) when its reason and signal were not
# flagged within this many hours of it (issue 18).
EMERGING_PROBLEM_QUIET_HOURS = env.int("EMERGING_PROBLEM_QUIET_HOURS", default=24)
CELERY_BEAT_SCHEDULE["insights.emerging-issues-detect"] = {
    "task": "insights.emerging_issues_detect",
    "schedule": float(EMERGING_CHECK_SECONDS),
}
# Outbox and notifications (insights): retries back off base·2^(n−1) seconds, capped, up to a number of attempts.
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=30)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=3600)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_SWEEP_SECONDS = env.int("OUTBOX_SWEEP_SECONDS", default=60)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=5)
CELERY_BEAT_SCHEDULE["insights-outbox-sweep"] = {
    "task": "insights.outbox_sweep",
    "schedule": float(OUTBOX_SWEEP_SECONDS),
}

# Sign-off reminders and escalation (issue 6): hourly; each step is sent once per request.
CELERY_BEAT_SCHEDULE["signoff-reminders"] = {"task": "attribution.signoff_reminders_send", "schedule": 3600.0}
# Ledger rollups are striped over slots while postings run concurrently; fold them back this often.
LEDGER_COMPACT_SECONDS = env.int("LEDGER_COMPACT_SECONDS", default=900)
CELERY_BEAT_SCHEDULE["ledger-rollups-compact"] = {
    "task": "attribution.ledger_rollups_compact",
    "schedule": float(LEDGER_COMPACT_SECONDS),
}

# --- Sign-off chain anchors (issue 14) ----------------------------------------------------------
# The head of the sign-off record chain is copied to an append-only anchor this often (when it has moved);
# verify_signoffs and /api/signoffs/verify/ check the chain against every anchor.
SIGNOFF_ANCHOR_MINUTES = env_positive("SIGNOFF_ANCHOR_MINUTES", 60)
CELERY_BEAT_SCHEDULE["signoff-chain-anchor"] = {
    "task": "attribution.chain_anchor_write",
    "schedule": SIGNOFF_ANCHOR_MINUTES * 60.0,
}

# --- Signing identity (issue 14) ------------------------------------------------------------
# A signature needs a sign-in (session login or API token) younger than this, or the password typed again on the
# sign form; the record says which (attribution/services/signoffs.py). The login time is kept in the session
# (accounts/signals.py); a token counts from when it was issued.
SIGNING_REAUTH_MINUTES = env_positive("SIGNING_REAUTH_MINUTES", 15)

# --- Sealed certificates (issue 14) -----------------------------------------------------------
# PEM private key and certificate the service signs certificate PDFs with (PAdES, pyHanko). Unset: PDFs are served
# unsigned and say so on their face; `make demo` generates a self-signed pair under .devstack/.
SIGNING_KEY_PATH = env.str("SIGNING_KEY_PATH", default="")
SIGNING_CERT_PATH = env.str("SIGNING_CERT_PATH", default="")

# --- Imports that never wedge (issue 16) ----------------------------------------------------
# A running import's heartbeat is refreshed with every committed batch; older than this, its worker is taken for
# dead and the watch re-queues the job (it resumes: committed batches stay, the rest lands once).
IMPORT_STALE_SECONDS = env.int("IMPORT_STALE_SECONDS", default=120)
IMPORT_WATCH_SECONDS = env.int("IMPORT_WATCH_SECONDS", default=max(IMPORT_STALE_SECONDS // 2, 5))
CELERY_BEAT_SCHEDULE["insights.import-jobs-watch"] = {
    "task": "insights.import_jobs_watch",
    "schedule": float(IMPORT_WATCH_SECONDS),
}

# --- The center's direct value (issue 15) ---------------------------------------------------------
# Reason codes that mean "the customer asked to leave": with the contacts marked `retained` (true or false) they are
# the save rate's denominator. Comma-separated in the environment.
SAVE_REASON_CODES = env.list("SAVE_REASON_CODES", default=["cancel", "cancellation", "close_account", "retention"])
# A month's saves and sales are posted this many days after it ends, so contacts arriving late are counted.
DIRECT_VALUE_POST_AFTER_DAYS = env.int("DIRECT_VALUE_POST_AFTER_DAYS", default=2)
CELERY_BEAT_SCHEDULE["ledger-post-direct"] = {"task": "attribution.ledger_post_direct", "schedule": 6 * 3600.0}

# --- Contacts at scale: partitions and retention (issue 17) -----------------------------------
# insights_contact is partitioned by UTC month of started_at; beat makes this month's partition and this many
# ahead every day (the import makes a missing month itself). Contacts older than CONTACT_RETENTION_MONTHS whole
# months are removed daily (whole partitions dropped); daily metric rollups and published revisions stay.
CONTACT_PARTITIONS_AHEAD_MONTHS = env_positive("CONTACT_PARTITIONS_AHEAD_MONTHS", 3)
CONTACT_RETENTION_MONTHS = env_positive("CONTACT_RETENTION_MONTHS", 25)
CELERY_BEAT_SCHEDULE["insights.contact-partitions-ahead"] = {
    "task": "insights.contact_partitions_ahead",
    "schedule": 86400.0,
}
CELERY_BEAT_SCHEDULE["insights.contacts-retention"] = {"task": "insights.contacts_retention_apply", "schedule": 86400.0}

# --- Privacy: typed text and profanity (issue 17) -------------------------------------------------------
# Words to count and mask as profanity beyond better-profanity's maintained list (comma-separated).
PROFANITY_EXTRA_WORDS = env.list("PROFANITY_EXTRA_WORDS", default=[])
