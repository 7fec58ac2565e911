"""The import parses a CSV batch column by column, with fast paths and each repeated value parsed once; a row's
values and errors must be exactly those of the same row parsed on its own by the general path."""

from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from insights.services.imports import contact_batch_parse
from insights.services.imports.parsing import ALL_COLUMNS

# Good, bad and borderline values for each column, as a CSV cell holds them.
_TEXTS = ["", " ", "  padded  ", "\x00", "a\x07b", "line\nbreak", "tab\there", "\x85", "x" * 121, "@", "a@b.io"]
_VALUES = {
    "external_id": [*_TEXTS, "c-1", "c-2", " c-3 ", "é-4"],
    "channel": [*_TEXTS, "call", "CHAT", " email ", "fax"],
    "started_at": [*_TEXTS, "2026-01-05T10:00:00Z", "2026-01-05 10:00:00", "2026-01-05T10:00:00+02:00",
                   "2026-01-05", "2026-02-30T00:00:00", "2026-01-05\x0010:00:00", "05/01/2026", " 2026-03-01T08:00 "],
    "queue": [*_TEXTS, "billing", "x" * 80, "x" * 81],
    "wait_seconds": [*_TEXTS, "0", "12", "-3", "1.5", "99999999999", "١٢", "+4", "1_000"],
    "handle_seconds": ["", "0", "300", "-1", "abc"],
    "abandoned": [*_TEXTS, "true", "FALSE", "1", "0", "yes", "no", "maybe"],
    "reason_code": ["", "refund", "x" * 81, "\x1b"],
    "resolved_first_contact": ["", "true", "false", "nope"],
    "csat": ["", "1", "5", "0", "6", " 3 ", "4.0"],
    "nps": ["", "0", "10", "11", "-1"],
    "sentiment": ["", "0.5", "-1", "1.0001", "nan", "Infinity", "0.12345", "abc"],
    "text": [*_TEXTS, "I was charged twice", "call me on +44 20 7946 0958", "card 4111 1111 1111 1111", "shit",
             "order 48213377", "x" * 5001],
    "customer_ref": [*_TEXTS, "CUST-1", "x" * 120],
    "account_value": ["", "100", "100.5", "1,250.00", "-5", "1e3", "12.345", "99999999999999999999"],
    "retained": ["", "true", "false", "2"],
    "sale_value": ["", "0", "25.00", "-1", "abc"],
}  # fmt: skip
assert set(_VALUES) == set(ALL_COLUMNS)

_ROW = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in _VALUES.items()})


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(_ROW, min_size=1, max_size=12), missing=st.sets(st.sampled_from(ALL_COLUMNS[3:])))
def test_a_batch_parses_each_row_exactly_as_on_its_own(rows, missing):
    zone = ZoneInfo("Europe/London")
    names = [name for name in ALL_COLUMNS if name not in missing]  # a file may lack optional columns
    numbers = list(range(2, len(rows) + 2))
    columns = {name: tuple(row[name] for row in rows) for name in names}
    valid, problems = contact_batch_parse(numbers, columns, zone=zone, strings=True)
    alone_valid, alone_problems = [], []
    for number, row in zip(numbers, rows, strict=True):
        one_valid, one_problems = contact_batch_parse([number], {name: [row[name]] for name in names}, zone=zone)
        alone_valid += one_valid
        alone_problems += one_problems
    assert valid == alone_valid
    assert problems == alone_problems
    assert {row[0] for row in valid}.isdisjoint(number for number, _, _ in problems)
