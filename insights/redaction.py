"""Personal data out of free text before it is stored: e-mail addresses, phone numbers, payment cards.

Cards are redacted only when the digits pass the Luhn check, so order numbers, tracking numbers and
other long digit runs stay readable for the analyst. Phone numbers are recognised by their shape
(an international `+` prefix, a bracketed or separated area code, or a national trunk `0`), never
by length alone, for the same reason. A bare digit run counts as a phone number only next to a word
such as "call" or "phone", or when it has the national trunk form (a 0, then 8+ digits); an order
number written that way (0612345678) is redacted too — the safe side of the trade-off.
"""

import re

EMAIL_MARK = "[EMAIL]"
PHONE_MARK = "[PHONE]"
CARD_MARK = "[CARD]"

# Cheap gate: text with no digit and no "@" has nothing to redact (most excerpts on a busy day).
_MAYBE_PERSONAL = re.compile(r"[0-9@]")

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})\.)+[A-Za-z]{2,24}(?![\w-])"
)

# A run of 13+ digits where single spaces or dashes may separate groups; the card search looks inside it.
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")
_GROUP = re.compile(r"[0-9]+")

_SEP = r"[ .\-]?"
# (shape, fewest digits it must hold): each shape of phone number, written as people write them.
_PHONE_SHAPES = [
    # international: +44 20 7946 0958, +1 (415) 555-0100, +4915112345678
    (
        r"(?<![\w+])\+[1-9][0-9]{0,2}"
        + _SEP
        + r"(?:\([0-9]{1,4}\)"
        + _SEP
        + r")?[0-9]{1,5}(?:"
        + _SEP
        + r"[0-9]{1,5}){1,5}(?![0-9])",
        7,
    ),
    # international with the 00 exit code: 0044 20 7946 0958
    (r"(?<![\w])00[1-9][0-9]{0,2}[ .\-][0-9]{1,5}(?:[ .\-][0-9]{1,5}){1,4}(?![0-9])", 9),
    # North American national: (415) 555-0100, 415-555-0100, 415.555.0100, 1-800-555-0100
    (r"(?<![\w])(?:1[ .\-])?(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[ .\-])[0-9]{3}[ .\-][0-9]{4}(?![0-9])", 10),
    # national with a trunk 0: 020 7946 0958, 07700 900123, 030-1234567, 0612345678
    (r"(?<![\w])0[1-9][0-9]{1,4}(?:[ \-]?[0-9]{2,4}){1,3}(?![0-9])", 9),
]
_PHONES = [(re.compile(shape), fewest) for shape, fewest in _PHONE_SHAPES]
# An unseparated run (5551234567) is a phone number only when the words around it say so; otherwise it
# is as likely an order or account number, which must stay.
_PHONE_BY_CONTEXT = re.compile(
    r"(?i)\b(?:phone|tel|telephone|call(?:ed)?|mobile|cell|ring|whatsapp|sms|text(?:ed)? me|reach me|fax)\b"
    r"[^0-9\n]{0,20}?(?<![\w])(\+?[0-9]{10,13})(?![0-9])"
)


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn checksum every payment card number carries."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _card_spans(run: str) -> list[tuple[int, int]]:
    """Spans (within `run`) of whole digit groups that together make a 13-19 digit Luhn-valid number."""
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(groups):
        best = None
        digits = ""
        for j in range(i, len(groups)):
            digits += run[groups[j][0] : groups[j][1]]
            if len(digits) > 19:
                break
            if len(digits) >= 13 and luhn_valid(digits):
                best = j  # keep going: the longest valid number starting here wins
        if best is None:
            i += 1
        else:
            spans.append((groups[i][0], groups[best][1]))
            i = best + 1
    return spans


def _redact_cards(text: str) -> str:
    out: list[str] = []
    last = 0
    for match in _DIGIT_RUN.finditer(text):
        run = match.group()
        digits = sum(c.isdigit() for c in run)
        if digits < 13 or (digits <= 15 and text[match.start() - 1 : match.start()] == "+"):
            continue  # too short for a card, or an international phone number (+4915112345678)
        for start, end in _card_spans(run):
            out.append(text[last : match.start() + start])
            out.append(CARD_MARK)
            last = match.start() + end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _redact_phones(text: str) -> str:
    for pattern, fewest in _PHONES:

        def replace(match: re.Match, fewest: int = fewest) -> str:
            digits = sum(c.isdigit() for c in match.group())
            return PHONE_MARK if fewest <= digits <= 15 else match.group()

        text = pattern.sub(replace, text)
    return _PHONE_BY_CONTEXT.sub(lambda m: m.group()[: m.start(1) - m.start()] + PHONE_MARK, text)


def redact(text: str) -> str:
    """Replace e-mail addresses, phone numbers and Luhn-valid card numbers with [EMAIL], [PHONE], [CARD]."""
    if not text or not _MAYBE_PERSONAL.search(text):
        return text
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MARK, text)
    text = _redact_cards(text)
    return _redact_phones(text)
