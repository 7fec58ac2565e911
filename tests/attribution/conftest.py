import datetime as dt
from decimal import Decimal

import pytest

from attribution.services.ledger import improvement_create
from tests.insights.factories import InsightFactory


@pytest.fixture
def ledger(org):
    """Two published insights routed to marketing and an improvement built on them (0.6 / 0.4)."""
    a = InsightFactory(published=True, departments=[org.marketing], category="financial_growth", created_by=org.analyst)
    b = InsightFactory(
        published=True, departments=[org.marketing, org.sales], category="efficiency", created_by=org.analyst
    )
    improvement = improvement_create(
        user=org.lead,
        department=org.marketing,
        title="Simpler checkout",
        description="",
        shipped_on=dt.date(2026, 1, 10),
        insights=[(a, Decimal("0.6")), (b, Decimal("0.4"))],
    )
    return {"a": a, "b": b, "improvement": improvement, "org": org, "D": Decimal}
