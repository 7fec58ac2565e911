"""PII redaction: e-mails, phone numbers and Luhn-valid cards go; order numbers and other digits stay."""

from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.redaction import IBAN_LENGTHS, iban_valid, luhn_valid, redact, redact_counted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me at john.doe+tag@example.co.uk please", "mail me at [EMAIL] please"),
        ("ANNA_B@Mail-Server.example.org.", "[EMAIL]."),
        ("two: a@b.io,c.d@e.fr", "two: [EMAIL],[EMAIL]"),
        ("card 4111 1111 1111 1111 thanks", "card [CARD] thanks"),
        ("card 4111-1111-1111-1111", "card [CARD]"),
        ("card4111111111111111", "card[CARD]"),
        ("amex 3782 822463 10005", "amex [CARD]"),
        ("13 digits 4222222222222", "13 digits [CARD]"),
        ("19 digits 4000 0000 0000 0000 006", "19 digits [CARD]"),
        ("cards 4111111111111111 and 5500 0055 5555 5559", "cards [CARD] and [CARD]"),
        ("card 4111 1111 1111 1111 2 items", "card [CARD] 2 items"),
        ("call +44 20 7946 0958 today", "call [PHONE] today"),
        ("+1 (415) 555-0100", "[PHONE]"),
        ("Tel: +4915112345678", "Tel: [PHONE]"),
        ("0044 20 7946 0958", "[PHONE]"),
        ("(415) 555-0100 or 415.555.0100 or 1-800-555-0100", "[PHONE] or [PHONE] or [PHONE]"),
        ("UK 020 7946 0958, mobile 07700 900123", "UK [PHONE], mobile [PHONE]"),
        ("DE 030-1234567 FR 0612345678", "DE [PHONE] FR [PHONE]"),
        ("call me on 5551234567 tomorrow", "call me on [PHONE] tomorrow"),
        ("mail x@y.com or ring 020 7946 0958, card 4111111111111111", "mail [EMAIL] or ring [PHONE], card [CARD]"),
    ],
)
def test_personal_data_is_replaced(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "order 4111111111111112 is late",  # 16 digits, fails Luhn
        "order 1234 5678 9012 3456",  # card-shaped but not Luhn-valid
        "tracking 1Z999AA10123456784",
        "order #12345678901 and ref ORD-2024-000123",
        "order number 5551234567",  # a bare digit run is a phone number only when the words say so
        "on 2026-01-15 at 10:30 I paid 1,234.56 USD",
        "ticket 0123456, zip 94107, IP 192.168.100.1",
        "invoice 20260115-0042",
        "no personal data at all",
        "",
        "[EMAIL] [PHONE] [CARD]",
    ],
)
def test_digits_that_are_not_personal_data_stay(text):
    assert redact(text) == text


def test_redaction_is_idempotent():
    once = redact("x@y.com +44 20 7946 0958 4111 1111 1111 1111 order 4111111111111112")
    assert redact(once) == once
    assert "4111111111111112" in once


@pytest.mark.parametrize(("digits", "valid"), [("4111111111111111", True), ("4111111111111112", False), ("0", True)])
def test_luhn_check(digits, valid):
    assert luhn_valid(digits) is valid


def _luhn_complete(body: str) -> str:
    """body + the check digit that makes it Luhn-valid."""
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


card_numbers = st.integers(min_value=12, max_value=18).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n).map(lambda body: _luhn_complete("4" + body[1:]))
)


@settings(max_examples=200, deadline=None)
@given(number=card_numbers, separator=st.sampled_from(["", " ", "-"]), before=st.sampled_from(["", "card ", "(", "#"]))
def test_any_luhn_valid_card_is_redacted_however_it_is_grouped(number, separator, before):
    grouped = separator.join(number[i : i + 4] for i in range(0, len(number), 4))
    redacted = redact(f"{before}{grouped} thanks")
    assert redacted == f"{before}[CARD] thanks"


@settings(max_examples=200, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=13, max_size=19).filter(lambda d: d[0] != "0"))
def test_a_long_digit_run_that_fails_luhn_stays(digits):
    assume(not luhn_valid(digits))
    assert redact(f"order {digits} shipped") == f"order {digits} shipped"


@pytest.mark.parametrize(
    ("text", "expected", "kinds"),
    [
        ("ring me on +44 (0)20 7946 0958", "ring me on [PHONE]", {"phone": 1}),
        ("(212) 555 0123 / 212.555.0123", "[PHONE] / [PHONE]", {"phone": 2}),
        ("card: 5500-0055-5555-5559.", "card: [CARD].", {"card": 1}),
        ("jane.doe+billing@mail.eu.example.com wrote", "[EMAIL] wrote", {"email": 1}),
        ("IBAN GB82 WEST 1234 5698 7654 32, thanks", "IBAN [IBAN], thanks", {"iban": 1}),
        ("iban de89 3704 0044 0532 0130 00 AND more", "iban [IBAN] AND more", {"iban": 1}),
        ("pay to FR7630006000011234567890189", "pay to [IBAN]", {"iban": 1}),
        ("SSN 123-45-6789 or 078 05 1120", "SSN [SSN] or [SSN]", {"ssn": 1 + 1}),
        ("my social security number is 123456789", "my social security number is [SSN]", {"ssn": 1}),
        ("NI number AB 12 34 56 C", "NI number [NI NUMBER]", {"ni_number": 1}),
        ("ni: ab123456c.", "ni: [NI NUMBER].", {"ni_number": 1}),
        (
            "x@y.com, 020 7946 0958, 4111 1111 1111 1111",
            "[EMAIL], [PHONE], [CARD]",
            {"email": 1, "phone": 1, "card": 1},
        ),
    ],
)
def test_adversarial_personal_data_is_replaced_and_counted(text, expected, kinds):
    assert redact_counted(text) == (expected, Counter(kinds))


@pytest.mark.parametrize(
    "text",
    [
        "refund of 1,234,567.89 EUR on 15/01/2026",
        "dates 2026-01-15, 15.01.2026 and 01/15/26",
        "order 4111-1111-1111-1112 failed",  # card-shaped, fails Luhn
        "GB82 WEST 1234 5698 7654 33",  # IBAN-shaped, fails mod 97
        "NL91 ABNA 0417 1643",  # too short for a Dutch IBAN
        "000-12-3456 and 666-12-3456 and 912-34-5678",  # never-issued SSN areas
        "123456789 units shipped",  # nine digits without the word SSN
        "QQ123456C and GB123456A",  # never-issued NI prefixes
        "version 10.2.3.4, ticket AB-1234-5678",
        "between 100 and 200 customers, 45 minutes wait",
        "[IBAN] [SSN] [NI NUMBER]",
    ],
)
def test_ordinary_numbers_amounts_and_dates_stay(text):
    assert redact_counted(text) == (text, Counter())


@pytest.mark.parametrize(
    ("iban", "valid"),
    [("GB82WEST12345698765432", True), ("DE89370400440532013000", True), ("GB82WEST12345698765433", False)],
)
def test_iban_check(iban, valid):
    assert iban_valid(iban) is valid


def _iban(country: str, body: str) -> str:
    """A valid IBAN for `country` whose account part is `body` (check digits computed by mod 97)."""
    numeric = "".join(str(int(c, 36)) for c in body + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{body}"


@settings(max_examples=100, deadline=None)
@given(
    country=st.sampled_from(["GB", "DE", "FR", "NL", "ES", "IT"]),
    data=st.data(),
    spaced=st.booleans(),
)
def test_any_valid_iban_is_redacted_spaced_or_not(country, data, spaced):
    length = IBAN_LENGTHS[country] - 4
    body = data.draw(st.text(alphabet="0123456789", min_size=length, max_size=length))
    iban = _iban(country, body)
    assert iban_valid(iban)
    written = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if spaced else iban
    assert redact(f"account {written} please") == "account [IBAN] please"


# Text built from the pieces personal data is made of, so the generated strings reach every pass and its gate.
_PIECES = st.sampled_from(
    [" ", "-", ".", "+", "(", ")", "@", "0", "00", "1", "4", "9", "44", "555", "0958", "4111", "1111", "123-45-6789",
     "SSN ", "social security ", "AB", "QQ", "GB82", "WEST", "1234", "5698", "7654", "32", "A", "d", "call ", "me ",
     "x@y.io", "order ", "\n", "NO93 8601 1117 947", "+44 20 7946 0958", "07700 900123"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_skipping_passes_a_text_cannot_hold_changes_nothing(text):
    """`redact` skips the passes a text has too few digits (or no hint) for; running every pass gives the same."""
    from core import redaction

    every_pass = text
    for redact_pass in redaction._PASSES.values():
        every_pass = redact_pass(every_pass)
    assert redact(text) == every_pass
    assert redact_counted(text)[0] == every_pass


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_a_pass_skipped_by_its_hint_had_nothing_to_find(text):
    """Each hint is found in every match of its pass's patterns, so a text without it is rightly left alone."""
    from core import redaction as r

    if not r._IBAN_HINT.search(text):
        assert not r._IBAN_START.search(text)
    if not r._SSN_HINT.search(text):
        assert not r._SSN_GROUPED.search(text) and not r._SSN_BY_CONTEXT.search(text)
    if not r._NI_HINT.search(text):
        assert not r._NI.search(text)
    digits = r._digits(text)
    for (pattern, fewest), literal in zip(r._PHONES, r._PHONE_LITERALS, strict=True):
        if literal and literal not in text:
            assert not pattern.search(text)
        if digits < fewest:
            assert all(sum(c.isdigit() for c in m.group()) < fewest for m in pattern.finditer(text))
    if digits < 10:
        assert not r._PHONE_BY_CONTEXT.search(text)
