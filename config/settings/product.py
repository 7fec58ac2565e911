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

# --- Imports that never wedge (issue 16) ----------------------------------------------------
# A running import's heartbeat is refreshed with every committed batch; older than this, its worker is taken for
# dead and the watch re-queues the job (it resumes: committed batches stay, the rest lands once).
IMPORT_STALE_SECONDS = env.int("IMPORT_STALE_SECONDS", default=120)
IMPORT_WATCH_SECONDS = env.int("IMPORT_WATCH_SECONDS", default=max(IMPORT_STALE_SECONDS // 2, 5))
CELERY_BEAT_SCHEDULE["insights.import-jobs-watch"] = {
    "task": "insights.import_jobs_watch",
    "schedule": float(IMPORT_WATCH_SECONDS),
}

# --- Privacy: typed text and profanity (issue 17) -------------------------------------------------------
# Words to count and mask as profanity beyond better-profanity's maintained list (comma-separated).
PROFANITY_EXTRA_WORDS = env.list("PROFANITY_EXTRA_WORDS", default=[])
