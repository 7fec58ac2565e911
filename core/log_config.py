"""The structured-logging configuration the settings install: structlog's processors and a LOGGING dict.

Imported by `config/settings/` before Django is set up, so it imports nothing of Django's or the project's.
Every line of web and worker carries the request id (django-structlog binds it per request and carries it to the
Celery tasks queued during the request in a task header), so one import can be traced from upload to worker.
"""

import structlog

# Applied to stdlib records (Django, Celery, our logging.getLogger(__name__)) when they are formatted, in the thread
# that logged them, so they carry the same bound request id as structlog's own events.
PRE_CHAIN = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def structlog_configure() -> None:
    """Route structlog's events through the stdlib handlers that LOGGING declares."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def logging_config(*, log_format: str, level: str) -> dict:
    """LOGGING for `log_format` "json" (one JSON object a line) or "console" (readable key=value lines)."""
    renderers = {
        "json": [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()],
        "console": [structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)],
    }
    formatters = {
        name: {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": PRE_CHAIN,
            "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, *chain],
        }
        for name, chain in renderers.items()
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
    }
