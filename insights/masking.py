"""What customers said, as shown outside the contact center: profanity masked ("f***") in every text of an
insight's content: title, summary, quotes, evidence excerpts and notes. The center's own staff read it as stored."""

from core.profanity import profanity_mask

_TEXTS = ("title", "summary", "value_assumptions")


def content_masked(content: dict) -> dict:
    """A copy of an insight's (or a frozen revision's) content with profanity masked; the original is untouched."""
    masked = dict(content)
    for name in _TEXTS:
        if isinstance(masked.get(name), str):
            masked[name] = profanity_mask(masked[name])
    if masked.get("customer_voice"):
        masked["customer_voice"] = [profanity_mask(quote) for quote in masked["customer_voice"]]
    if masked.get("evidence"):
        masked["evidence"] = [
            {**row, "text": profanity_mask(row.get("text")), "note": profanity_mask(row.get("note"))}
            for row in masked["evidence"]
        ]
    return masked
