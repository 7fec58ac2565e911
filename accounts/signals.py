"""A changed password ends every API token the user holds.

Checked on save against the stored hash, so every way of changing a password counts (`set_password`, the admin's
form, `changepassword`, an assigned hash) — not only those that call Django's `password_changed`.
Bulk `QuerySet.update(password=...)` sends no signal and is not covered.

A sign-in stamps its time into the session, so signing can ask for the password again once it is old.
"""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import User
from accounts.services import api_tokens_revoke
from accounts.sessions import session_authenticated_at_record


@receiver(pre_save, sender=User, dispatch_uid="accounts.password_change_noticed")
def _notice_password_change(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    instance._password_was_changed = False
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_was_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User, dispatch_uid="accounts.password_change_revokes_tokens")
def _revoke_tokens_on_password_change(sender, instance: User, created: bool, **kwargs) -> None:
    if getattr(instance, "_password_was_changed", False):
        api_tokens_revoke(user=instance)
        instance._password_was_changed = False


@receiver(user_logged_in, dispatch_uid="accounts.login_time_in_session")
def _stamp_login_time(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session_authenticated_at_record(session=session)
