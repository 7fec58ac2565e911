"""The evidence trail of sign-off requests: each step written once, in the transaction of what it records."""

from accounts.models import User
from accounts.policy import signoff_inbox_department_ids
from attribution.models import SignoffEvent, SignoffRecord, SignoffRequest

ANSWER_EVENTS = {
    SignoffRecord.Kind.SIGNATURE: SignoffEvent.Kind.SIGNED,
    SignoffRecord.Kind.DECLINE: SignoffEvent.Kind.DECLINED,
    SignoffRecord.Kind.PINKY_SWEAR: SignoffEvent.Kind.PINKY_SWORN,
}


def signoff_event_record(
    *,
    request: SignoffRequest,
    kind: str,
    actor: User | None = None,
    channel: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    detail: str = "",
    record: SignoffRecord | None = None,
) -> SignoffEvent:
    """Append one step to the request's trail (the database refuses to change or remove it afterwards)."""
    return SignoffEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor,
        channel=channel[:20],
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
        detail=(detail or "")[:500],
        record=record,
        **({"at": record.signed_at} if record is not None else {}),
    )


def signoff_event_answer(*, record: SignoffRecord) -> SignoffEvent:
    """The trail's entry for a signature, decline or pinky swear, with the record's own time, address and agent."""
    return signoff_event_record(
        request=record.request,
        kind=ANSWER_EVENTS[record.kind],
        actor=record.signer,
        channel="page",
        ip_address=record.ip_address,
        user_agent=record.user_agent,
        detail=record.reason,
        record=record,
    )


def signoff_request_opened(
    *, user: User, request: SignoffRequest, channel: str, ip_address: str | None, user_agent: str, viewed: bool
) -> None:
    """A person of the request's department opened it: the first opening is `delivered` (recorded once, whoever
    and however), and a sign page rendered for them is `viewed`. Others reading it (the center, executives)
    leave no trace: the trail is about the department that was asked."""
    if request.department_id not in signoff_inbox_department_ids(user):
        return
    common = {
        "request": request,
        "actor": user,
        "channel": channel[:20],
        "ip_address": ip_address or None,
        "user_agent": (user_agent or "")[:500],
    }
    # Two independent notes, no transaction needed: the partial unique index keeps one `delivered` per request,
    # so a later opening adds nothing there; each sign page shown adds a `viewed`.
    SignoffEvent.objects.bulk_create([SignoffEvent(kind=SignoffEvent.Kind.DELIVERED, **common)], ignore_conflicts=True)
    if viewed:
        SignoffEvent.objects.create(kind=SignoffEvent.Kind.VIEWED, **common)
