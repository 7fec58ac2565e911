"""Personal data out of free text before it is stored: e-mail addresses, phone numbers, payment cards, and the
national identifiers of the center's countries (US Social Security numbers, UK National Insurance numbers, IBANs).

One redactor for the import's excerpts and for every text a person types (`core.typed_text.scrub`).

Cards are redacted only when the digits pass the Luhn check, so order numbers, tracking numbers and
other long digit runs stay readable for the analyst. Phone numbers are recognised by their shape
(an international `+` prefix, a bracketed or separated area code, or a national trunk `0`), never
by length alone, for the same reason. A bare digit run counts as a phone number only next to a word
such as "call" or "phone", or when it has the national trunk form (a 0, then 8+ digits); an order
number written that way (0612345678) is redacted too — the safe side of the trade-off.
National identifiers are recognised by their checks, not their length: an IBAN must have its country's length
and a valid mod-97 checksum, an SSN its 3-2-4 grouping (or the word "SSN" before nine digits) and a possible
area/group/serial, an NI number its two-letter prefix, six digits and a final A-D.
"""

import re
from collections import Counter
from collections.abc import Iterator

EMAIL_MARK = "[EMAIL]"
PHONE_MARK = "[PHONE]"
CARD_MARK = "[CARD]"
SSN_MARK = "[SSN]"
NI_MARK = "[NI NUMBER]"
IBAN_MARK = "[IBAN]"
# Kind of personal data -> the mark that replaces it, in the order the passes run (an IBAN holds a digit run a
# card or phone pass could take half of, so it goes first).
MARKS = {
    "email": EMAIL_MARK,
    "iban": IBAN_MARK,
    "card": CARD_MARK,
    "ssn": SSN_MARK,
    "ni_number": NI_MARK,
    "phone": PHONE_MARK,
}

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
# What each shape cannot match without: "+", the "00" exit code, nothing, the trunk "0".
_PHONE_LITERALS = ("+", "00", "", "0")
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
    digits = _digits(text)  # a shape with more digits than the text holds cannot match: its scan is skipped
    for (pattern, fewest), literal in zip(_PHONES, _PHONE_LITERALS, strict=True):
        if digits < fewest or (literal and literal not in text):
            continue

        def replace(match: re.Match, fewest: int = fewest) -> str:
            digits = sum(c.isdigit() for c in match.group())
            return PHONE_MARK if fewest <= digits <= 15 else match.group()

        text = pattern.sub(replace, text)
    if digits < 10:  # the context form holds ten digits or more
        return text
    return _PHONE_BY_CONTEXT.sub(lambda m: m.group()[: m.start(1) - m.start()] + PHONE_MARK, text)


# Lengths of the IBAN of each country that issues them (SWIFT's IBAN registry).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25,
    "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})[0-9]{2}")
_ALNUM = re.compile(r"[A-Za-z0-9]")

# 123-45-6789 or 123 45 6789; nine bare digits only after the word SSN. Area 000, 666 and 9xx, group 00 and
# serial 0000 are never issued, so 000-12-3456 or a 900-number is left alone.
_SSN_GROUPED = re.compile(r"(?<![\w-])([0-9]{3})([ -])([0-9]{2})\2([0-9]{4})(?![\w-])")
_SSN_BY_CONTEXT = re.compile(
    r"(?i)\b(?:ssn|social security(?: number| no\.?)?)\b[^0-9\n]{0,12}?(?<![\w])([0-9]{9})(?![0-9])"
)
# Two letters (not D, F, I, Q, U, V; the second not O; never BG, GB, KN, NK, NT, TN, ZZ), six digits, A-D.
_NI = re.compile(
    r"(?i)(?<![\w])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![\w])"
)

# Hints: what every match of a pattern above contains, found by a plain scan (a pattern that opens with a
# lookbehind makes the regular-expression engine try every position; one that opens with a character class lets it
# skip ahead). A pass whose hint is absent has nothing to find.
_IBAN_HINT = re.compile(r"[A-Za-z]{2}[0-9]{2}")
_SSN_HINT = re.compile(r"[0-9]{3}[ -][0-9]{2}[ -][0-9]{4}|(?i:ssn|social security)")
_NI_HINT = re.compile(r"[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d]")


def iban_valid(iban: str) -> bool:
    """True when the IBAN (no spaces) has its country's length and a valid mod-97 checksum."""
    iban = iban.upper()
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _iban_end(text: str, start: int, length: int) -> int | None:
    """Where an IBAN of `length` characters starting at `start` ends, allowing single spaces or dashes between
    characters; None when the text runs out or the IBAN would run into more letters or digits."""
    taken, i = 0, start
    while taken < length:
        if i >= len(text):
            return None
        if _ALNUM.match(text, i):
            taken += 1
            i += 1
        elif text[i] in " -" and taken and i + 1 < len(text) and _ALNUM.match(text, i + 1):
            i += 1
        else:
            return None
    return None if _ALNUM.match(text, i) else i


def _redact_ibans(text: str) -> str:
    if not _IBAN_HINT.search(text):
        return text
    out, last = [], 0
    for match in _IBAN_START.finditer(text):
        if match.start() < last:
            continue
        length = IBAN_LENGTHS.get(match.group(1).upper())
        end = _iban_end(text, match.start(), length) if length else None
        if end is None or not iban_valid(re.sub(r"[ -]", "", text[match.start() : end])):
            continue
        out += [text[last : match.start()], IBAN_MARK]
        last = end
    return "".join(out) + text[last:] if out else text


def _ssn_possible(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _redact_ssns(text: str) -> str:
    if not _SSN_HINT.search(text):
        return text
    text = _SSN_GROUPED.sub(lambda m: SSN_MARK if _ssn_possible(m[1], m[3], m[4]) else m.group(), text)

    def by_context(m: re.Match) -> str:
        digits = m.group(1)
        if not _ssn_possible(digits[:3], digits[3:5], digits[5:]):
            return m.group()
        return m.group()[: m.start(1) - m.start()] + SSN_MARK

    return _SSN_BY_CONTEXT.sub(by_context, text)


def _redact_ni_numbers(text: str) -> str:
    return _NI.sub(NI_MARK, text) if _NI_HINT.search(text) else text


def _redact_emails(text: str) -> str:
    return _EMAIL.sub(EMAIL_MARK, text) if "@" in text else text


_PASSES = {
    "email": _redact_emails,
    "iban": _redact_ibans,
    "card": _redact_cards,
    "ssn": _redact_ssns,
    "ni_number": _redact_ni_numbers,
    "phone": _redact_phones,
}
# The fewest ASCII digits each pass can find anything in (an e-mail needs none: its gate is the "@"). Every shape
# above holds at least this many: an IBAN its two check digits, an NI number six, a phone number seven (the context
# form ten), an SSN nine, a card thirteen. A pass only ever removes digits, so a text with fewer digits than a pass
# needs is left alone by it, and the passes skipped this way change nothing: most excerpts hold an order number or
# a date, not personal data, and each skipped pass is a whole scan of the text saved.
_FEWEST_DIGITS = {"email": 0, "iban": 2, "card": 13, "ssn": 9, "ni_number": 6, "phone": 7}
_DIGITS = re.compile(r"[0-9]")


def _digits(text: str) -> int:
    return len(_DIGITS.findall(text))


def _passes(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text after that kind's pass), in order, only for the passes that could find anything."""
    has_at = "@" in text
    digits = _digits(text)
    for kind, redact_pass in _PASSES.items():
        if kind == "email":
            if not has_at:
                continue
        elif digits < _FEWEST_DIGITS[kind]:
            continue
        redacted = redact_pass(text)
        if redacted is not text and redacted != text:
            text = redacted
            digits = _digits(text)
        yield kind, text


def redact(text: str) -> str:
    """Replace every kind of personal data in MARKS with its mark ([EMAIL], [PHONE], [CARD], [IBAN], ...)."""
    if not text or not _MAYBE_PERSONAL.search(text):
        return text
    redacted = text
    for _, redacted in _passes(text):  # noqa: B007 - the last pass's text is the result
        pass
    return redacted


def redact_counted(text: str) -> tuple[str, Counter]:
    """The redacted text and how many of each kind of personal data were replaced ({"phone": 2})."""
    counts: Counter = Counter()
    if not text or not _MAYBE_PERSONAL.search(text):
        return text, counts
    for kind, redacted in _passes(text):
        mark = MARKS[kind]
        if found := redacted.count(mark) - text.count(mark):
            counts[kind] = found
        text = redacted
    return text, counts


def personal_data_found(text: str) -> list[str]:
    """The kinds of personal data the detectors still find in `text` (empty for clean or already redacted text)."""
    return sorted(redact_counted(text)[1])
