"""insights.services.imports: the revenue column follows the one money rule; rows land by COPY unless asked not to."""

from decimal import Decimal

import pytest

from insights.models import Contact
from insights.services.imports import COLUMNS, contacts_import, jobs


def _file(tmp_path, *account_values: str) -> str:
    lines = [",".join(COLUMNS)]
    for n, value in enumerate(account_values):
        row = {"external_id": f"c{n}", "channel": "call", "started_at": "2026-01-05T10:00:00Z", "account_value": value}
        lines.append(",".join(f'"{row.get(c, "")}"' for c in COLUMNS))
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("raw", ["1_000", "١٠", "12.345", "-1", "1e3", "1,000", "NaN", "100000000000000"])
def test_an_account_value_that_is_not_a_plain_amount_is_refused_naming_row_and_column(db, tmp_path, raw):
    job = contacts_import(path=_file(tmp_path, "10", raw), source="crm")
    assert (job.rows, job.created, job.rejected) == (2, 1, 1)
    error = job.row_errors.get()
    assert (error.row_number, error.field) == (3, "account_value")
    assert error.message.startswith("account_value")


def test_an_account_value_is_kept_with_two_places(db, tmp_path):
    contacts_import(path=_file(tmp_path, "1200.5", ""), source="crm")
    assert sorted(Contact.objects.values_list("account_value", flat=True), key=str) == [Decimal("1200.50"), None]


def test_rows_land_by_copy_unless_batched_inserts_are_asked_for(db, tmp_path, monkeypatch):
    used: list[str] = []
    for name in ("batch_write_copy", "batch_write_inserts"):
        real = getattr(jobs, name)
        monkeypatch.setattr(jobs, name, lambda *, _real=real, _name=name, **kw: used.append(_name) or _real(**kw))
    contacts_import(path=_file(tmp_path, "1"), source="crm")
    contacts_import(path=_file(tmp_path, "1"), source="other", copy=False)
    assert used == ["batch_write_copy", "batch_write_inserts"]
