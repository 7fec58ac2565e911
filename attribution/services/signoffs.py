"""Sign-off requests and the hash-chained records that answer them."""

import unicodedata
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Department, User
from accounts.policy import Action, allowed, require
from attribution.models import ChainAnchor, SignoffEvent, SignoffRecord, SignoffRequest, SignoffStatus
from attribution.selectors.anchors import chain_anchor_latest, chain_anchor_words, chain_anchors_check
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.certificate_mail import signoff_certificate_mail_queue
from attribution.services.escalation import signoff_decline_escalate
from attribution.services.ledger import ledger_reclassify_for_record
from attribution.services.trail import signoff_event_answer, signoff_event_record
from core.hashing import content_hash
from core.typed_text import scrub

CONSENT_TEXT = "I agree to sign this record electronically"
GENESIS_HASH = "0" * 64
CHAIN_LOCK_KEY = 6_000_001  # pg_advisory_xact_lock key serialising appends to the record chain
SIGNOFF_DUE_DAYS = 14
STALE_MESSAGE = "the insight or terms changed since you read them"

HASHED_FIELDS = (
    "kind",
    "request_id",
    "revision_id",
    "content_hash",
    "department_id",
    "signer_id",
    "typed_name",
    "consent_text",
    "agreement_id",
    "terms_text",
    "terms_hash",
    "credit_share",
    "reason",
    "signed_at",
    "ip_address",
    "user_agent",
    "sequence",
    "previous_hash",
)


def signoff_record_payload(record: SignoffRecord) -> dict:
    """Every field of the record except record_hash, as JSON-safe values."""
    out = {}
    for name in HASHED_FIELDS:
        value = getattr(record, name)
        if name == "signed_at":
            value = value.astimezone(UTC).isoformat()
        elif name == "credit_share":
            value = f"{value:.4f}"
        out[name] = value
    # Added after records existed: hashed only when set, so every older record (blank) keeps the hash it was
    # chained with, and a newer one cannot have it changed or blanked without its hash breaking.
    if record.authentication:
        out["authentication"] = record.authentication
    return out


def signoff_record_hash(record: SignoffRecord) -> str:
    return content_hash(signoff_record_payload(record))


def lock_chain() -> None:
    """Serialise writers of the record chain (appends and anchors) until the transaction ends."""
    # One chain, one writer at a time: the advisory lock serialises appends until the transaction ends.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _append(request: SignoffRequest, *, agreement, user_agent: str, **fields) -> SignoffRecord:
    """Append one record, under the terms it answers, at the end of the chain (caller holds the chain lock)."""
    lock_chain()
    last = SignoffRecord.objects.order_by("-sequence").values("sequence", "record_hash").first()
    record = SignoffRecord(
        request=request,
        revision_id=request.revision_id,
        content_hash=request.revision.content_hash,
        department_id=request.department_id,
        sequence=(last["sequence"] + 1) if last else 1,
        previous_hash=last["record_hash"] if last else GENESIS_HASH,
        signed_at=timezone.now(),
        agreement=agreement,
        terms_text=agreement.terms,
        terms_hash=agreement.terms_hash,
        credit_share=agreement.share,
        user_agent=(user_agent or "")[:500],
        **fields,
    )
    record.record_hash = signoff_record_hash(record)
    record.save(force_insert=True)
    return record


def _close(request: SignoffRequest, record: SignoffRecord, status: str) -> SignoffRecord:
    """A final answer closes the request and moves any credit already posted on it (same transaction)."""
    request.status = status
    request.answered_at = record.signed_at
    request.save(update_fields=["status", "answered_at"])
    ledger_reclassify_for_record(record=record)
    return record


def _load_for_answer(request_id: int) -> SignoffRequest:
    lock_chain()
    try:
        return (
            SignoffRequest.objects.select_for_update(of=("self",))
            .select_related("revision", "department")
            .get(pk=request_id)
        )
    except SignoffRequest.DoesNotExist as exc:
        raise ValidationError({"request": ["No such sign-off request."]}) from exc


def _existing(request: SignoffRequest, kinds: tuple[str, ...], user: User) -> SignoffRecord | None:
    return SignoffRecord.objects.filter(request=request, kind__in=kinds, signer=user).first()


def _check_open(request: SignoffRequest, *, answer: str) -> None:
    """The seed's ladder: a request may be signed until it is signed; declined once, unless signed; and
    pinky-sworn while unsigned, even after a decline, which leaves it open for a formal signature."""
    if request.status == SignoffStatus.SUPERSEDED:
        raise ValidationError({"request": ["This request was superseded by a newer revision."]})
    if request.status == SignoffStatus.SIGNED:
        raise ValidationError({"request": ["This request has already been signed."]})
    declined = SignoffRecord.objects.filter(request=request, kind=SignoffRecord.Kind.DECLINE).exists()
    if answer == SignoffRecord.Kind.DECLINE and declined:
        raise ValidationError({"request": ["This request has already been declined."]})


def _name_key(name: str) -> str:
    # NFKC folds full-width and other compatibility forms, casefold ignores case, split/join collapses spaces.
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def _check_typed_name(user: User, typed_name: str) -> str:
    """The typed name, stripped, when it is the signer's account name; else a 400 that shows the expected form."""
    typed_name = (typed_name or "").strip()
    expected = user.get_full_name() or user.email
    if not typed_name or _name_key(typed_name) != _name_key(expected):
        raise ValidationError({"typed_name": [f"Type your name as it appears on your account: {expected}"]})
    return typed_name


def _authentication(user: User, password: str, authenticated_at: datetime | None) -> str:
    """How the signer proved who they are: the password typed again, or a sign-in younger than the window."""
    if password:
        if not user.check_password(password):
            raise ValidationError({"password": ["That is not your password; re-enter it to sign."]})
        return SignoffRecord.Authentication.PASSWORD_REENTERED
    minutes = settings.SIGNING_REAUTH_MINUTES
    if authenticated_at is not None and timezone.now() - authenticated_at < timedelta(minutes=minutes):
        return SignoffRecord.Authentication.RECENT_LOGIN
    raise ValidationError(
        {"password": [f"Re-enter your password to sign: you signed in more than {minutes} minutes ago"]}
    )


def signoff_sign(
    *,
    user: User,
    request_id: int,
    typed_name: str,
    consent: bool,
    content_hash: str,
    terms_hash: str,
    password: str = "",
    authenticated_at: datetime | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> SignoffRecord:
    """A signatory signs formally, typing their account name, within SIGNING_REAUTH_MINUTES of signing in
    (`authenticated_at`) or with `password` re-entered. A replay by the same signer returns the first record."""
    with transaction.atomic():
        request = _load_for_answer(request_id)
        require(user, Action.SIGN, request.department)
        replay = _existing(request, (SignoffRecord.Kind.SIGNATURE,), user)
        if replay is not None:
            return replay
        _check_open(request, answer=SignoffRecord.Kind.SIGNATURE)
        if consent is not True:
            raise ValidationError({"consent": [f"Tick “{CONSENT_TEXT}” to sign."]})
        typed_name = _check_typed_name(user, typed_name)
        authentication = _authentication(user, password, authenticated_at)
        agreement = credit_agreement_for_signing(department=request.department)
        if content_hash != request.revision.content_hash:
            raise ValidationError({"content_hash": [STALE_MESSAGE]})
        if terms_hash != agreement.terms_hash:
            raise ValidationError({"terms_hash": [STALE_MESSAGE]})
        record = _append(
            request,
            kind=SignoffRecord.Kind.SIGNATURE,
            signer=user,
            typed_name=typed_name,
            consent_text=CONSENT_TEXT,
            authentication=authentication,
            agreement=agreement,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        signoff_event_answer(record=record)
        signoff_certificate_mail_queue(record=record)
        return _close(request, record, SignoffStatus.SIGNED)


def signoff_pinky_swear(
    *, user: User, request_id: int, content_hash: str, ip_address: str | None = None, user_agent: str = ""
) -> SignoffRecord:
    """An informal acknowledgement by any department member — not a signed agreement."""
    with transaction.atomic():
        request = _load_for_answer(request_id)
        require(user, Action.PINKY_SWEAR, request.department)
        replay = SignoffRecord.objects.filter(request=request, kind=SignoffRecord.Kind.PINKY_SWEAR).first()
        if replay is not None:
            return replay
        _check_open(request, answer=SignoffRecord.Kind.PINKY_SWEAR)
        if content_hash != request.revision.content_hash:
            raise ValidationError({"content_hash": [STALE_MESSAGE]})
        agreement = credit_agreement_for_signing(department=request.department)
        record = _append(
            request,
            kind=SignoffRecord.Kind.PINKY_SWEAR,
            signer=user,
            agreement=agreement,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        signoff_event_answer(record=record)
        signoff_certificate_mail_queue(record=record)
        # Open for a formal signature still, also after a decline: the signatory's inbox keeps it.
        request.status = SignoffStatus.PINKY_SWORN
        request.save(update_fields=["status"])
        return record


def signoff_decline(
    *, user: User, request_id: int, reason: str, ip_address: str | None = None, user_agent: str = ""
) -> SignoffRecord:
    """A signatory declines with a reason; the department's executive sponsor and the center's leads are told."""
    with transaction.atomic():
        request = _load_for_answer(request_id)
        require(user, Action.DECLINE, request.department)
        replay = _existing(request, (SignoffRecord.Kind.DECLINE,), user)
        if replay is not None:
            return replay
        _check_open(request, answer=SignoffRecord.Kind.DECLINE)
        reason = scrub((reason or "").strip())
        if not reason:
            raise ValidationError({"reason": ["Say why the department declines."]})
        agreement = credit_agreement_for_signing(department=request.department)
        record = _append(
            request,
            kind=SignoffRecord.Kind.DECLINE,
            signer=user,
            agreement=agreement,
            reason=reason,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        signoff_event_answer(record=record)
        signoff_certificate_mail_queue(record=record)
        signoff_decline_escalate(record=record)
        return _close(request, record, SignoffStatus.DECLINED)


def signoff_chain_verify() -> dict:
    """Recompute every record's hash and link, then check every chain anchor: {"ok": True, "records": N,
    "anchors": M, "latest_anchor": {...}} or the first record or anchor that does not match."""
    result = _records_verify()
    anchors = {"anchors": ChainAnchor.objects.count(), "latest_anchor": chain_anchor_words(chain_anchor_latest())}
    if result["ok"]:
        problem = chain_anchors_check()
        if problem:
            result = {"ok": False, "records": result["records"], **problem}
    return {**result, **anchors}


def _records_verify() -> dict:
    previous = GENESIS_HASH
    count = 0
    for expected_sequence, record in enumerate(SignoffRecord.objects.order_by("sequence").iterator(), start=1):
        count += 1
        problem = None
        if record.sequence != expected_sequence:
            problem = "sequence gap"
        elif record.previous_hash != previous:
            problem = "previous_hash does not match the record before"
        elif signoff_record_hash(record) != record.record_hash:
            problem = "record_hash does not match the record's fields"
        if problem:
            return {"ok": False, "records": count, "record": record.pk, "sequence": record.sequence, "problem": problem}
        previous = record.record_hash
    return {"ok": True, "records": count}


def _sent(request: SignoffRequest, *, revision, department: Department) -> None:
    """The trail's first step: who sent the request (the publisher) and by which channels it goes out."""
    channels = ["email", *(["webhook"] if department.webhook_url else [])]
    signoff_event_record(
        request=request,
        kind=SignoffEvent.Kind.SENT,
        actor=revision.published_by,
        channel="+".join(channels),
        detail=f"Revision {revision.number} sent to the people of {department.name} by {' and '.join(channels)}",
    )


def signoff_requests_open_for_event(*, event) -> list[SignoffRequest]:
    """Consume an `insight.published` outbox event: one pending request per routed department (idempotent),
    superseding pending requests of older revisions of the same insight."""
    if event.kind != "insight.published":
        return []
    payload = event.payload or {}
    revision_id = event.revision_id or payload.get("revision_id")
    from insights.models import InsightRevision

    revision = InsightRevision.objects.select_related("insight").get(pk=revision_id)
    department_ids = payload.get("department_ids")
    if department_ids is None:
        department_ids = list(revision.insight.departments.values_list("id", flat=True))
    departments = Department.objects.filter(id__in=department_ids, is_contact_center=False).order_by("id")
    due_on = timezone.localdate() + timedelta(days=SIGNOFF_DUE_DAYS)
    opened = []
    with transaction.atomic():
        for department in departments:
            request, created = SignoffRequest.objects.get_or_create(
                revision=revision,
                department=department,
                defaults={"insight_id": revision.insight_id, "due_on": due_on, "source_event": event},
            )
            if created:
                _sent(request, revision=revision, department=department)
            opened.append(request)
            SignoffRequest.objects.filter(
                insight_id=revision.insight_id,
                department=department,
                status=SignoffStatus.PENDING,
                revision__number__lt=revision.number,
            ).update(status=SignoffStatus.SUPERSEDED, superseded_by=request)
    return opened


def signoff_request_visible(*, user: User, request: SignoffRequest) -> bool:
    return allowed(user, Action.VIEW_SIGNOFF, request.department_id)


# Actions live in their own module; the names stay importable from here, where callers have always found them.
from attribution.services.actions import action_commitment_create, action_commitment_set_status  # noqa: E402

__all__ = [
    "CONSENT_TEXT",
    "action_commitment_create",
    "action_commitment_set_status",
    "signoff_chain_verify",
    "signoff_decline",
    "signoff_pinky_swear",
    "signoff_record_hash",
    "signoff_record_payload",
    "signoff_requests_open_for_event",
    "signoff_request_visible",
    "signoff_sign",
]
