"""One canonical JSON form and its SHA-256, for every hash the product stores or compares.

The form is the one revisions and sign-off records were first hashed with — sorted keys, compact separators,
non-ASCII kept, UTF-8 — so stored hashes still verify. Decimals and dates, which JSON lacks, become strings.
"""

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any


def _as_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no canonical JSON form")


def canonical_json(obj: Any) -> bytes:
    """The exact bytes hashed: sorted keys, no whitespace, non-ASCII as UTF-8, Decimals and dates as strings."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_as_text).encode()


def sha256_hex(data: bytes) -> str:
    """SHA-256 of bytes already in their final form (e.g. a stored canonical text), as 64 hex digits."""
    return hashlib.sha256(data).hexdigest()


def content_hash(obj: Any) -> str:
    """SHA-256 hex of `canonical_json(obj)`."""
    return sha256_hex(canonical_json(obj))
