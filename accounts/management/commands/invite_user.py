"""Invite a person from the command line, as an administrator would on the People and departments page (audited)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Department, Role, User
from accounts.services import user_invite
from core.errors import DomainError


class Command(BaseCommand):
    help = "Invite a person by e-mail (a set-password link is sent), optionally with a role; recorded in the audit log."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("full_name")
        parser.add_argument("--by", required=True, help="The e-mail address of the administrator inviting them.")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--department", help="The department's slug (for every role but executive and admin).")

    def handle(self, *args, email, full_name, by, role=None, department=None, **options):
        admin = User.objects.filter(email__iexact=by).first()
        if admin is None:
            raise CommandError(f"--by: no user {by}.")
        place = None
        if department:
            place = Department.objects.filter(slug=department).first()
            if place is None:
                raise CommandError(f"--department: no department with the slug {department!r}.")
        try:
            user = user_invite(by=admin, email=email, full_name=full_name, role=role, department=place)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        except (PermissionDenied, DomainError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Invited {user.email}; the set-password link was e-mailed.")
