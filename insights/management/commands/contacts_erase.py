"""python manage.py contacts_erase --customer-ref REF [--by admin@example.com]."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from insights.selectors.erasure import erasures_before
from insights.services.erasure import contacts_erase


class Command(BaseCommand):
    help = (
        "Erase one customer's contacts everywhere they are linked (evidence, emerging-issue samples) at their "
        "request, and record the erasure (who, when, how many; never the reference). The ledger is untouched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--customer-ref", required=True, help="the customer's reference on their contacts")
        parser.add_argument("--by", help="e-mail of the administrator asking (recorded; checked against policy)")

    def handle(self, *args, customer_ref: str, by: str | None, **options):
        user = None
        if by:
            user = User.objects.filter(email__iexact=by).first()
            if user is None:
                raise CommandError(f"--by: no user with the e-mail {by}.")
        try:
            erasure = contacts_erase(user=user, customer_ref=customer_ref, via="command")
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"--{k.replace('_', '-')}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from error
        except PermissionDenied as error:
            raise CommandError(f"--by: {error}") from error
        earlier = erasures_before(erasure=erasure)
        self.stdout.write(
            f"Erased {erasure.contacts_erased} contacts, {erasure.evidence_links_removed} evidence links and "
            f"{erasure.emerging_samples_removed} emerging-issue samples (erasure #{erasure.pk})"
            + (f"; this customer was erased {earlier} time(s) before." if earlier else ".")
        )
