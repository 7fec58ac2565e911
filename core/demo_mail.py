"""The demo's e-mail backend: every message is stored in `DemoMail` for the in-app "Demo mail" page.

`make demo` (core.devstack) sets EMAIL_BACKEND to it, so a listen-in invitation or a set-password link can be
followed from the product itself instead of being dug out of the server log. Never used in production: the demo
mail page answers 404 unless this backend is the one configured and DEBUG was on at start-up.
"""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from core.models import DemoMail

BACKEND = "core.demo_mail.DemoMailBackend"


def _attachment_name(attachment) -> str:
    if isinstance(attachment, tuple | list):
        return str(attachment[0] or "attachment")
    return attachment.get_filename() or attachment.get_content_type()


class DemoMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            DemoMail.objects.create(
                from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                to=[*message.to, *message.cc, *message.bcc],
                subject=message.subject,
                body=message.body,
                attachments=[_attachment_name(a) for a in message.attachments],
            )
        return len(email_messages)


def demo_mail_enabled() -> bool:
    """True in a demo (not production mode) whose e-mail goes to the Demo mail page."""
    return not settings.PRODUCTION_MODE and settings.EMAIL_BACKEND == BACKEND
