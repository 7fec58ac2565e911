"""A changed password ends every API token the user holds.

Checked on save against the stored hash, so every way of changing a password counts (`set_password`, the admin's
form, `changepassword`, an assigned hash) — not only those that call Django's `password_changed`.
Bulk `QuerySet.update(password=...)` sends no signal and is not covered.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import User
from accounts.services import api_tokens_revoke


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
