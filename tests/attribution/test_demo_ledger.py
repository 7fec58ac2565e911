from django.core.management import call_command

from attribution.models import Outcome
from attribution.selectors.ledger import Period, ledger_balances


def test_seed_demo_makes_every_balance_non_zero_and_is_idempotent(db):
    call_command("seed_demo")
    count = Outcome.objects.count()
    assert count >= 12
    call_command("seed_demo")
    assert Outcome.objects.count() == count
    from django.utils import timezone

    today = timezone.localdate()
    rows = ledger_balances(period=Period.year(today.year - 1), group_by="department") + ledger_balances(
        period=Period.year(today.year), group_by="department"
    )
    assert rows
    by_kind = {k: sum(row[k] for row in rows) for k in ("secured", "unsecured", "disputed", "department")}
    assert all(v > 0 for v in by_kind.values()), by_kind
    credited = {}
    for row in rows:
        credited[row["key"]] = credited.get(row["key"], 0) + row["secured"] + row["unsecured"] + row["disputed"]
    assert len(credited) >= 3 and all(v > 0 for v in credited.values()), credited
    call_command("ledger_check")
