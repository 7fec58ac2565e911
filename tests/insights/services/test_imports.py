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


def _direct_value_file(tmp_path, rows: list[dict], *, jsonl: bool = False) -> str:
    """Contacts with the optional `retained` and `sale_value` columns, as CSV or JSON Lines."""
    import csv
    import json

    base = {"channel": "call", "started_at": "2026-10-05T10:00:00Z"}
    path = tmp_path / ("direct.jsonl" if jsonl else "direct.csv")
    with path.open("w", newline="", encoding="utf-8") as out:
        if jsonl:
            out.writelines(json.dumps({"external_id": f"d{n}", **base, **row}) + "\n" for n, row in enumerate(rows))
        else:
            writer = csv.DictWriter(out, fieldnames=["external_id", "channel", "started_at", "retained", "sale_value"])
            writer.writeheader()
            writer.writerows({"external_id": f"d{n}", **base, **row} for n, row in enumerate(rows))
    return str(path)


@pytest.mark.parametrize("jsonl", [False, True])
@pytest.mark.parametrize("copy", [True, False])
def test_retained_and_sale_value_are_optional_columns_stored_as_given(db, tmp_path, jsonl, copy):
    rows = [{"retained": "yes", "sale_value": "49.90"}, {"retained": "false"}, {"sale_value": "0"}, {}]
    if jsonl:
        rows = [{"retained": True, "sale_value": "49.90"}, {"retained": False}, {"sale_value": 0}, {}]
    job = contacts_import(path=_direct_value_file(tmp_path, rows, jsonl=jsonl), source="crm", copy=copy)
    assert (job.created, job.rejected) == (4, 0)
    stored = dict(Contact.objects.values_list("external_id", "retained"))
    assert stored == {"d0": True, "d1": False, "d2": None, "d3": None}
    sales = dict(Contact.objects.values_list("external_id", "sale_value"))
    assert sales == {"d0": Decimal("49.90"), "d1": None, "d2": Decimal("0.00"), "d3": None}


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"retained": "maybe"}, "retained"),
        ({"sale_value": "-5"}, "sale_value"),
        ({"sale_value": "1,000"}, "sale_value"),
        ({"sale_value": "12.345"}, "sale_value"),
    ],
)
def test_a_bad_retained_or_sale_value_is_refused_naming_row_and_column(db, tmp_path, row, field):
    job = contacts_import(path=_direct_value_file(tmp_path, [{}, row]), source="crm")
    assert (job.created, job.rejected) == (1, 1)
    error = job.row_errors.get()
    assert (error.row_number, error.field) == (3, field) and error.message.startswith(field)


def test_a_sale_value_as_a_json_boolean_is_refused(db, tmp_path):
    job = contacts_import(path=_direct_value_file(tmp_path, [{"sale_value": True}], jsonl=True), source="crm")
    assert job.rejected == 1 and job.row_errors.get().field == "sale_value"
