"""The demo's current quarter tells a coherent partnership story on the executive's dashboard."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from attribution.selectors.ledger import Period, ledger_balances
from insights.plain_language import jargon_findings

pytestmark = pytest.mark.django_db


def test_demo_current_quarter_shows_meaningful_scorecards_and_warnings():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    client = Client()
    client.force_login(User.objects.get(email="exec@demo.local"))
    summary = client.get(f"/api/exec/summary/?year={today.year}&quarter={quarter}").json()

    cards = summary["partnership"]
    assert cards and all(c["received"] for c in cards)
    for c in cards:
        assert c["received"] == c["signed"] + c["pinky_sworn"] + c["declined"] + c["pending"], c
        assert c["signed"] >= 1 and c["median_days_to_sign"] > 0, c
        assert c["actions_on_time_pct"] is not None, c
    assert {"pinky_sworn", "declined", "pending"} <= {k for c in cards for k in c if c[k] and k != "signed"}
    assert any(c["actions_overdue"] for c in cards) and any(c["actions_on_time_pct"] < 100 for c in cards)
    secured = {
        r["key"]
        for r in ledger_balances(period=Period.quarter(today.year, quarter), group_by="department")
        if r["secured"]
    }
    assert secured <= {c["slug"] for c in cards if c["signed"]}  # no secured credit beside "Signed 0"

    warnings = [(w["reason_code"], w["signal"]) for w in summary["early_warning"]]
    assert warnings and len(warnings) == len(set(warnings))

    html = client.get(f"/exec/?year={today.year}&quarter={quarter}").content.decode()
    findings = jargon_findings(html.split("<body", 1)[1], html=True)
    assert findings == [], [(f.term, f.suggestion) for f in findings]
