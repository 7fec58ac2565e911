"""What a signer is shown of a published revision, in words and money: one presenter for the sign page, the
request API and the certificate.

Everything here is read from the revision's frozen `content` (which its `content_hash` covers) and from the
credit terms (which their `terms_hash` and the record's `credit_share` cover), so the hashes cover exactly what
is shown: nothing on the page comes from the live insight.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core import formats
from insights.models.insights import Category

CENT = Decimal("0.01")
UNHAPPY_CSAT = 2  # satisfaction of 1 or 2 out of 5
CATEGORY_LABELS = dict(Category.choices)


def _decimal(value) -> Decimal | None:
    try:
        return None if value in (None, "", "None") else Decimal(str(value))
    except InvalidOperation:
        return None


def _money(value: Decimal | None, currency: str | None) -> str:
    """The amount with its currency, written the site's one way (core.formats)."""
    return (
        "–" if value is None else formats.money(value.quantize(CENT, rounding=ROUND_HALF_UP), currency=currency or None)
    )


def share_percent(share: Decimal) -> str:
    """0.2000 -> "20%", 0.125 -> "12.5%"."""
    return f"{(Decimal(share) * 100).normalize():f}%"


def _unhappy(evidence: list[dict]) -> tuple[int, int]:
    """How many evidence contacts were unhappy (satisfaction 1–2 of 5, else a negative mood), of those that said."""
    unhappy = said = 0
    for contact in evidence:
        csat, mood = contact.get("csat"), _decimal(contact.get("sentiment"))
        if csat is not None:
            said += 1
            unhappy += int(csat) <= UNHAPPY_CSAT
        elif mood is not None:
            said += 1
            unhappy += mood < 0
    return unhappy, said


def _evidence(content: dict) -> dict:
    stats = content.get("statistics") or {}
    evidence = content.get("evidence") or []
    unhappy, said = _unhappy(evidence)
    revenue = _decimal(stats.get("account_value_total"))
    return {
        "contacts": len(evidence),
        "unhappy_contacts": unhappy,
        "rated_contacts": said,
        "unhappy_share": f"{Decimal(unhappy) / said:.4f}" if said else None,
        "unhappy_percent": f"{round(100 * unhappy / said)}%" if said else "–",
        "matching_contacts": stats.get("matching_count"),
        "window_contacts": stats.get("window_volume"),
        "customers": stats.get("customers"),
        "affected_revenue": None if revenue is None else str(revenue),
        "affected_revenue_text": _money(revenue, stats.get("currency") or content.get("currency")),
        "window_start": stats.get("window_start"),
        "window_end": stats.get("window_end"),
    }


def _credit(content: dict, share: Decimal | None) -> dict:
    if share is None:
        return {"share": None, "percent": "", "value_if_realised": None, "sentence": "No credit terms apply yet."}
    percent = share_percent(share)
    sentence = (
        f"If improvements built on this insight realise value, {percent} of it is credited to the contact center."
    )
    value = _decimal(content.get("estimated_value"))
    credited = None if value is None else (value * Decimal(share)).quantize(CENT, rounding=ROUND_HALF_UP)
    if credited is not None:
        currency = content.get("currency", "")
        sentence += (
            f" Should the estimated {_money(value, currency)} at stake be realised in full, that is "
            f"{_money(credited, currency)} credited to the contact center."
        )
    return {
        "share": f"{Decimal(share):.4f}",
        "percent": percent,
        "value_if_realised": None if credited is None else str(credited),
        "sentence": sentence,
    }


def _routing_reason(content: dict, department_id: int | None) -> str:
    for department in content.get("departments") or []:
        if department.get("id") == department_id:
            return (department.get("reason") or "").strip()
    return ""


def revision_shown(*, revision, department_id: int | None, share: Decimal | None) -> dict:
    """The published revision whole, as a signer of `department_id` reads it, with the credit `share` in money."""
    content = revision.content or {}
    value = _decimal(content.get("estimated_value"))
    return {
        "revision": content.get("revision"),
        "title": content.get("title", ""),
        "summary": content.get("summary", ""),
        "category": content.get("category", ""),
        "category_label": CATEGORY_LABELS.get(content.get("category"), content.get("category") or "Not assigned"),
        "estimated_value": None if value is None else str(value),
        "currency": content.get("currency", ""),
        "estimated_value_text": _money(value, content.get("currency")),
        "value_assumptions": content.get("value_assumptions", ""),
        "evidence": _evidence(content),
        "quotes": list(content.get("customer_voice") or []),
        "routing_reason": _routing_reason(content, department_id),
        "credit": _credit(content, share),
        "content_hash": revision.content_hash,
    }


def answer_consequences(*, kind: str, req, shown: dict, told: list[str], reason: str = "") -> tuple[str, list[str]]:
    """The confirmation step's heading and sentences for answering `req`: what signing, pinky-swearing or declining
    writes, who hears of it (`told`: addresses a decline is e-mailed to), and that it cannot be undone."""
    what = f"revision {req.revision.number} of “{shown['title']}” for {req.department.name}"
    if kind == "signature":
        return f"Sign {what}", [
            f"This signs {what}: a formal record that the insight came from the contact center. "
            + shown["credit"]["sentence"],
            "The record joins the tamper-evident chain of sign-offs; it can never be changed or withdrawn.",
            "A copy of the signature certificate is e-mailed to you.",
        ]
    if kind == "pinky_swear":
        return f"Pinky swear on {what}", [
            f"This records an informal acknowledgement of {what}: not a signed agreement.",
            "The request stays open for a formal signature by a signatory.",
            "It can never be withdrawn; a copy is e-mailed to you.",
        ]
    people = f"{len(told)} {'person' if len(told) == 1 else 'people'}"
    return f"Decline {what}", [
        f"This declines {what}, with your reason: “{reason}”.",
        f"It e-mails {people} (the department's executive sponsor and the center's leads): {', '.join(told)}.",
        "A decline cannot be withdrawn; the department may still acknowledge the insight informally or sign it later.",
    ]
