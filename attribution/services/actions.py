"""Actions departments commit to on a sign-off request, and their status: done or dropped."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, action_owners, require
from attribution.models import ActionCommitment, SignoffRequest, SignoffStatus
from core.typed_text import scrub


def action_commitment_create(
    *, user: User, request_id: int, description: str, owner_id: int | None, due_on
) -> ActionCommitment:
    """A department commits to an action on a live request, owned by one of its people, due on a date. Bad input
    is refused with every field's problem at once, so a form can show them all. Committing to the same open
    action twice (a double-click, a retried request) returns the first: the request row is locked while
    checking, so two submissions cannot both create it."""
    with transaction.atomic():
        request = SignoffRequest.objects.select_for_update(of=("self",)).select_related("department").get(pk=request_id)
        require(user, Action.COMMIT_ACTION, request.department)
        if request.status in (SignoffStatus.SUPERSEDED, SignoffStatus.DECLINED):
            raise ValidationError({"request": ["Actions need a live request that was not declined."]})
        problems: dict[str, list[str]] = {}
        description = scrub((description or "").strip())
        if not description:
            problems["description"] = ["Describe the action."]
        owner = action_owners(department=request.department).filter(pk=owner_id).first()
        if owner is None:
            problems["owner"] = ["The owner must be a person of the department."]
        if due_on is None:
            problems["due_on"] = ["Give a due date."]
        if problems:
            raise ValidationError(problems)
        same = ActionCommitment.objects.filter(
            request=request, description=description, owner=owner, due_on=due_on, status=ActionCommitment.Status.OPEN
        ).first()
        if same is not None:
            return same
        return ActionCommitment.objects.create(
            request=request,
            department=request.department,
            description=description,
            owner=owner,
            due_on=due_on,
            created_by=user,
        )


def action_commitment_set_status(*, user: User, action_id: int, status: str, reason: str = "") -> ActionCommitment:
    """Mark an open action done (today) or dropped (with a reason); a finished action never changes. Sending
    the answer it already holds (a double-click, a retry) returns it and writes nothing."""
    with transaction.atomic():
        action = (
            ActionCommitment.objects.select_for_update(of=("self",))
            .select_related("department")
            .filter(pk=action_id)
            .first()
        )
        if action is None:
            raise ValidationError({"action": ["No such action."]})
        require(user, Action.COMMIT_ACTION, action.department)
        if status not in (ActionCommitment.Status.DONE, ActionCommitment.Status.DROPPED):
            raise ValidationError({"status": ["Choose done or dropped."]})
        reason = scrub((reason or "").strip())
        if status == ActionCommitment.Status.DROPPED and not reason:
            raise ValidationError({"reason": ["Say why the action is dropped."]})
        if action.status != ActionCommitment.Status.OPEN:
            if status == action.status and (status == ActionCommitment.Status.DONE or reason == action.drop_reason):
                return action
            raise ValidationError(
                {"status": [f"This action is already {action.get_status_display().lower()}; only open actions change."]}
            )
        action.status = status
        action.done_on = timezone.localdate() if status == ActionCommitment.Status.DONE else None
        action.drop_reason = reason if status == ActionCommitment.Status.DROPPED else ""
        action.save(update_fields=["status", "done_on", "drop_reason"])
        return action
