"""The demo's e-mail backend keeps every message for the Demo mail page; production never uses it."""

from email.mime.text import MIMEText

from django.core.mail import EmailMessage, get_connection

from core.demo_mail import BACKEND, demo_mail_enabled
from core.models import DemoMail


def test_every_message_is_stored_with_its_recipients_and_attachment_names(db):
    message = EmailMessage(
        "Hello", "Body with http://x.test/a/", "from@example.test", ["a@example.test"], cc=["b@x.test"]
    )
    message.attach(MIMEText("BEGIN:VCALENDAR", "calendar"))
    message.attach("notes.txt", "hi", "text/plain")
    assert get_connection(BACKEND).send_messages([message]) == 1
    mail = DemoMail.objects.get()
    assert (mail.subject, mail.to, mail.body) == ("Hello", ["a@example.test", "b@x.test"], "Body with http://x.test/a/")
    assert mail.attachments == ["text/calendar", "notes.txt"]


def test_the_demo_mailbox_is_on_only_with_its_backend_outside_production(settings):
    settings.EMAIL_BACKEND = BACKEND
    settings.PRODUCTION_MODE = False
    assert demo_mail_enabled()
    settings.PRODUCTION_MODE = True
    assert not demo_mail_enabled()
    settings.PRODUCTION_MODE = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert not demo_mail_enabled()
