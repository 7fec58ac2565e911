# Transitional re-export; the lead removes it after the merge.
from core.notifications import (
    CONSUMER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    notification_send,
    notification_sweep_run,
    notifications_fan_out,
    register,
    webhook_body,
    webhook_signature,
    webhook_signature_verify,
)

__all__ = [
    "CONSUMER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "notification_send",
    "notification_sweep_run",
    "notifications_fan_out",
    "register",
    "webhook_body",
    "webhook_signature",
    "webhook_signature_verify",
]
