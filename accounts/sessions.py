"""When a request's credentials were last proven: the session's sign-in time or the API token's issue time.

Django keeps no login time in the session, so `accounts/signals.py` stamps it on `user_logged_in`; a session
that predates the stamp counts as unknown, which is as good as old.
"""

from datetime import datetime

from django.utils import timezone
from knox.models import AuthToken

SESSION_AUTHENTICATED_AT = "accounts.authenticated_at"


def session_authenticated_at_record(*, session) -> None:
    """Stamp the session with the time its user signed in (ISO 8601, UTC offset included)."""
    session[SESSION_AUTHENTICATED_AT] = timezone.now().isoformat()


def authenticated_at(request) -> datetime | None:
    """When `request`'s user last proved who they are: a knox token's creation, else the session's sign-in."""
    token = getattr(request, "auth", None)
    if isinstance(token, AuthToken):
        return token.created
    session = getattr(request, "session", None)
    stamp = session.get(SESSION_AUTHENTICATED_AT) if session is not None else None
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except (TypeError, ValueError):
        return None


def password_reentered_check(request, password: str) -> None:
    """A password re-entered to sign is a sign-in attempt: a wrong one counts towards django-axes' lockout like
    a failed login, and while the account or address is locked out the password is refused whatever it is."""
    from django.contrib.auth import authenticate
    from django.core.exceptions import ValidationError

    if not password:
        return
    authenticate(request, email=request.user.email, password=password)
    if getattr(request, "axes_locked_out", False):
        raise ValidationError(
            {"password": ["Too many failed sign-in attempts for this account or from this address; try again later."]}
        )
