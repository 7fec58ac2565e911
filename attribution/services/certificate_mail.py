"""A copy of the certificate for whoever answered: e-mailed after the answer commits, the PDF attached."""

from django.conf import settings
from django.core.mail import EmailMessage

from attribution.certificates import TITLES, certificate_pdf_bytes
from attribution.models import SignoffRecord
from core.queue import enqueue_on_commit


def signoff_certificate_mail_queue(*, record: SignoffRecord) -> None:
    """Queue the copy for after the commit, so no copy goes out for an answer that was rolled back."""
    from attribution.tasks.signoffs import signoff_certificate_mail as task

    enqueue_on_commit(task, record.pk)


def signoff_certificate_mail(*, record_id: int) -> str:
    """E-mail the signer their certificate (sealed when the service has a key); returns the address written to."""
    record = SignoffRecord.objects.select_related("request__insight", "revision", "department", "signer").get(
        pk=record_id
    )
    title = TITLES[record.kind]
    link = f"{settings.SITE_URL.rstrip('/')}/signoffs/records/{record.pk}/"
    message = EmailMessage(
        subject=f"{title}: {record.revision.title} ({record.department.name})",
        body=(
            f"Your copy of the {title.lower()} #{record.sequence} for “{record.revision.title}”, revision "
            f"{record.revision.number}, answered for {record.department.name}.\n\nThe PDF is attached; the record "
            f"is also at {link}\n"
        ),
        to=[record.signer.email],
        headers={"Idempotency-Key": f"signoff-certificate-{record.pk}"},
    )
    message.attach(f"signoff-{record.sequence}.pdf", certificate_pdf_bytes(record=record), "application/pdf")
    message.send()
    return record.signer.email
