"""One canonical JSON form: the bytes and hashes already stored must come out the same."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest

from core.hashing import canonical_json, content_hash, sha256_hex

# An insight revision's content, hashed the way revisions and sign-off records were before core existed.
CONTENT = {
    "title": "Refund “delays”",
    "summary": "Ünïcode kept",
    "estimated_value": "1200.00",
    "departments": [{"id": 2, "slug": "sales"}],
    "evidence_count": 3,
}
STORED_TEXT = (
    '{"departments":[{"id":2,"slug":"sales"}],"estimated_value":"1200.00","evidence_count":3,'
    '"summary":"Ünïcode kept","title":"Refund “delays”"}'
)
STORED_HASH = "f324b7035c037c2b0caf04ae9f61f1ed664c62658616e3b5cd82523d2f58ac80"


def test_canonical_json_is_the_stored_form_sorted_compact_and_utf8():
    assert canonical_json(CONTENT) == STORED_TEXT.encode("utf-8")


def test_content_hash_of_known_content_is_the_hash_already_stored():
    assert content_hash(CONTENT) == STORED_HASH
    assert sha256_hex(STORED_TEXT.encode("utf-8")) == STORED_HASH


def test_content_hash_matches_the_former_revision_and_signoff_formula():
    legacy = json.dumps(CONTENT, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert content_hash(CONTENT) == hashlib.sha256(legacy.encode("utf-8")).hexdigest()


def test_key_order_does_not_change_the_hash():
    assert content_hash(dict(reversed(list(CONTENT.items())))) == STORED_HASH


def test_decimals_and_dates_are_written_as_strings():
    value = {
        "amount": Decimal("100.00"),
        "day": dt.date(2025, 3, 1),
        "at": dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC),
    }
    assert canonical_json(value) == b'{"amount":"100.00","at":"2025-03-01T09:30:00+00:00","day":"2025-03-01"}'


def test_a_value_with_no_canonical_form_is_refused():
    with pytest.raises(TypeError):
        canonical_json({"x": object()})


def test_revision_and_signoff_hashes_go_through_core(monkeypatch):
    from attribution.services import signoffs
    from insights.services import insights

    assert insights.canonical_json(CONTENT) == STORED_TEXT
    assert insights.content_hash(STORED_TEXT) == STORED_HASH
    monkeypatch.setattr(signoffs, "signoff_record_payload", lambda record: CONTENT)
    assert signoffs.signoff_record_hash(None) == STORED_HASH
