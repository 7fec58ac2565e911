"""Where the import's time goes, stage by stage, in one process (`bench/import_contacts.py --stages`): reading the
CSV into column batches, validating and redacting them, redacting `text` alone, and writing (COPY, insert, rollup)
apart from the parsing it overlaps. Django is set up by the calling script."""

import time
from pathlib import Path


def _seconds(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def stages(path: Path, rows: int, *, source: str) -> None:
    """Time the stages of the import in this process: reading the CSV into column batches, validating and redacting
    them, redacting `text` alone, and writing (COPY, insert, rollup) apart from the parsing it overlaps."""
    from zoneinfo import ZoneInfo

    from core.redaction import redact
    from insights.services.imports import (
        BATCH_ROWS,
        contact_batch_parse,
        contact_file_batches,
        contact_file_inspect,
        jobs,
    )

    contact_file, zone = contact_file_inspect(path=path), ZoneInfo("UTC")
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as stream:
        batches = list(contact_file_batches(contact_file, stream, size=BATCH_ROWS))
    read = time.perf_counter() - started

    def parse_all():
        for b in batches:
            contact_batch_parse(b.numbers, b.columns, zone=zone, strings=b.strings)

    parse = _seconds(parse_all)
    redaction = _seconds(lambda: [redact(text) for b in batches for text in b.columns["text"]])
    writing, real = [0.0], jobs.batch_write_copy

    def write_timed(**kwargs):
        parsing, upcoming = [0.0], kwargs["parse_next"]

        def parse_next():
            begun = time.perf_counter()
            batch = upcoming()
            parsing[0] += time.perf_counter() - begun
            return batch

        begun = time.perf_counter()
        result = real(**{**kwargs, "parse_next": parse_next})
        writing[0] += time.perf_counter() - begun - parsing[0]
        return result

    jobs.batch_write_copy = write_timed
    jobs.contacts_import(path=path, source=source)
    per_row = {
        name: seconds / rows * 1e6
        for name, seconds in (("read", read), ("parse", parse), ("redact", redaction), ("write", writing[0]))
    }
    print(f"reading the CSV into column batches  {per_row['read']:>8.1f} us a row")
    print(f"contact_batch_parse (validate, redact){per_row['parse']:>8.1f} us a row")
    print(f"  of which redact(text)              {per_row['redact']:>8.1f} us a row")
    print(f"writing (COPY, insert, rollup)       {per_row['write']:>8.1f} us a row, apart from the parsing it overlaps")
