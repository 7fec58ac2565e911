"""Bulk import of contacts from CSV or JSON Lines: one service behind the command, the API and the upload page.

The file is checked as a whole first (`parsing`: size, encoding, columns) so an unusable file is refused with
one error and nothing written. Then it is streamed in batches: each row is validated and redacted in Python
(`rows`), and each batch is written in its own transaction by `COPY` into a temporary staging table and one
`INSERT ... ON CONFLICT DO NOTHING` (`writing`), together with its new contacts' counts in the daily metrics
rollup (insights.services.metrics_rollup). `source` + `external_id` is the idempotency key, so re-importing a
file, overlapping files or a retried job never duplicate a contact. Memory stays flat whatever the file size.
Jobs (`jobs`) are created from the command line or an upload and run here or by a worker.
"""

from insights.services.imports.jobs import (
    BATCH_ROWS,
    MAX_STORED_ROW_ERRORS,
    QueueUnavailable,
    contacts_import,
    import_job_abandon,
    import_job_create,
    import_job_is_upload,
    import_job_run,
)
from insights.services.imports.parsing import (
    COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_MAX_CHARS,
    ContactFile,
    contact_file_batches,
    contact_file_inspect,
)
from insights.services.imports.rows import ROW_FIELDS, contact_batch_parse

__all__ = [
    "BATCH_ROWS",
    "COLUMNS",
    "MAX_STORED_ROW_ERRORS",
    "REQUIRED_COLUMNS",
    "ROW_FIELDS",
    "TEXT_MAX_CHARS",
    "ContactFile",
    "QueueUnavailable",
    "contact_batch_parse",
    "contact_file_batches",
    "contact_file_inspect",
    "contacts_import",
    "import_job_abandon",
    "import_job_create",
    "import_job_is_upload",
    "import_job_run",
]
