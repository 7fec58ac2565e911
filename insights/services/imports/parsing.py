"""Contact files as a whole: the interchange columns, the whole-file checks, and streaming raw rows out of CSV or
JSON Lines."""

import codecs
import csv
import hashlib
import io
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

COLUMNS = (
    "external_id",
    "channel",
    "started_at",
    "queue",
    "wait_seconds",
    "handle_seconds",
    "abandoned",
    "reason_code",
    "resolved_first_contact",
    "csat",
    "nps",
    "sentiment",
    "text",
    "customer_ref",
    "account_value",
)
# Optional columns for the center's direct value (issue 15): a save (`retained`) and an agent's sale (`sale_value`).
DIRECT_VALUE_COLUMNS = ("retained", "sale_value")
ALL_COLUMNS = COLUMNS + DIRECT_VALUE_COLUMNS
REQUIRED_COLUMNS = ("external_id", "channel", "started_at")
TEXT_MAX_CHARS = 5000
_CHUNK = 1 << 20


def file_error(message: str) -> ValidationError:
    """An error about the file as a whole, named `file` for the API and the upload form alike."""
    return ValidationError({"file": [message]})


@dataclass(frozen=True)
class ContactFile:
    """A contact file that passed the whole-file checks, ready to stream."""

    path: Path
    format: str  # "csv" or "jsonl"
    checksum: str
    size_bytes: int
    columns: tuple[str, ...]


def contact_file_inspect(*, path: str | os.PathLike) -> ContactFile:
    """Check a file as a whole (size, UTF-8, required columns); raise one `file` error if it is unusable."""
    path = Path(path)
    if not path.is_file():
        raise file_error(f"There is no file at {path}.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise file_error(f"The file cannot be read: {exc.strerror or exc}.") from exc
    if size > settings.IMPORT_MAX_BYTES:
        raise file_error(
            f"The file is {size:,} bytes; the largest accepted is {settings.IMPORT_MAX_BYTES:,} (IMPORT_MAX_BYTES)."
        )
    if size == 0:
        raise file_error("The file is empty.")
    checksum = _utf8_checksum(path)
    with path.open(encoding="utf-8-sig", newline="") as text_stream:
        head = text_stream.read(4096).lstrip()
        if not head:
            raise file_error("The file holds no rows.")
        text_stream.seek(0)
        if head.startswith("{"):
            file_format = "jsonl"
            columns = _jsonl_columns(text_stream)
        else:
            file_format = "csv"
            columns = _csv_columns(text_stream)
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise file_error(
            f"The header names {', '.join(repeated)} more than once, so it is unclear which value to take. "
            "Give every column one name."
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise file_error(
            f"The file lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
            f"Expected columns: {', '.join(ALL_COLUMNS)}."
        )
    return ContactFile(path=path, format=file_format, checksum=checksum, size_bytes=size, columns=tuple(columns))


def _utf8_checksum(path: Path) -> str:
    """SHA-256 of the file, read once in chunks; refuses a file that is not UTF-8, naming the first bad line."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                raise file_error(
                    f"The file is not UTF-8 text (the first undecodable byte is on line {line}). "
                    "Save it as UTF-8 and upload it again."
                ) from exc
            line += text.count("\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise file_error("The file is not UTF-8 text (it ends in the middle of a character).") from exc
    return digest.hexdigest()


def _csv_columns(stream: io.TextIOBase) -> list[str]:
    try:
        header = next(csv.reader(stream))
    except (StopIteration, csv.Error) as exc:
        raise file_error("The file has no readable CSV header row.") from exc
    return [name.strip().lower() for name in header]


def _jsonl_columns(stream: io.TextIOBase) -> list[str]:
    for raw in stream:
        if raw.strip():
            try:
                pairs = json.loads(raw, object_pairs_hook=lambda pairs: pairs)
            except ValueError as exc:
                raise file_error("The file starts like JSON Lines but its first line is not valid JSON.") from exc
            if not isinstance(pairs, list) or (pairs and not isinstance(pairs[0], tuple)):
                raise file_error("Each line of a JSON Lines file must be one JSON object.")
            return [str(k).strip().lower() for k, _ in pairs]
    raise file_error("The file holds no rows.")


RawRow = tuple[int, dict | None, str | None]


@dataclass
class RawBatch:
    """Up to a batch's worth of rows as read, column by column: what `contact_batch_parse` takes."""

    numbers: list[int]  # the readable rows' line numbers
    columns: dict[str, Sequence]  # each column the file has -> its values, one per readable row
    unreadable: list[tuple[int, str]]  # (line number, why) of the rows that could not be read
    strings: bool  # every value is a str (CSV); JSON Lines values are JSON scalars

    @property
    def rows(self) -> int:
        return len(self.numbers) + len(self.unreadable)


def contact_file_batches(contact_file: ContactFile, stream: io.TextIOBase, *, size: int) -> Iterator[RawBatch]:
    """The file's rows in batches of up to `size` readable rows, each read column by column."""
    if contact_file.format == "csv":
        yield from _csv_batches(stream, size)
        return
    numbers, raws, unreadable = [], [], []
    for number, raw, why in _jsonl_rows(stream):
        if raw is None:
            unreadable.append((number, why))
            continue
        numbers.append(number)
        raws.append(raw)
        if len(numbers) >= size:
            yield _jsonl_batch(numbers, raws, unreadable)
            numbers, raws, unreadable = [], [], []
    if numbers or unreadable:
        yield _jsonl_batch(numbers, raws, unreadable)


def _jsonl_batch(numbers: list[int], raws: list[dict], unreadable: list[tuple[int, str]]) -> RawBatch:
    names = {name for raw in raws for name in raw}
    columns = {name: [raw.get(name) for raw in raws] for name in names}
    return RawBatch(numbers=numbers, columns=columns, unreadable=unreadable, strings=False)


def _columns(header: list[str], rows: list[list[str]]) -> dict[str, Sequence]:
    if not rows:
        return {}
    return dict(zip(header, zip(*rows, strict=True), strict=True))


def _csv_batches(stream: io.TextIOBase, size: int) -> Iterator[RawBatch]:
    """CSV rows read as lists and turned into columns a batch at a time (no dict per row: the import's hot loop)."""
    csv.field_size_limit(max(TEXT_MAX_CHARS * 8, 1 << 20))
    reader = csv.reader(stream)
    header = [name.strip().lower() for name in next(reader)]
    width = len(header)
    numbers, rows, unreadable = [], [], []
    while True:
        try:
            for values in reader:
                if len(values) != width:
                    if values:  # a blank line is no row
                        why = f"The row has {len(values)} values but the header has {width} columns."
                        unreadable.append((reader.line_num, why))
                    continue
                numbers.append(reader.line_num)
                rows.append(values)
                if len(rows) >= size:
                    yield RawBatch(numbers, _columns(header, rows), unreadable, strings=True)
                    numbers, rows, unreadable = [], [], []
            break
        except csv.Error as exc:  # the reader goes on with the next line
            unreadable.append((reader.line_num, f"The row is not valid CSV: {exc}."))
    if rows or unreadable:
        yield RawBatch(numbers, _columns(header, rows), unreadable, strings=True)


def _jsonl_rows(stream: io.TextIOBase) -> Iterator[RawRow]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError:
            yield number, None, "The line is not valid JSON."
            continue
        if not isinstance(raw, dict):
            yield number, None, "The line is not a JSON object."
            continue
        values = {str(k).strip().lower(): v for k, v in raw.items()}
        if len(values) < len(raw):
            yield number, None, "The line names a key more than once (keys are read without case or spaces)."
            continue
        yield number, values, None
