"""Routing an insight: each department with the reason it is routed for, kept until changed, frozen when published."""

import pytest
from django.core.exceptions import ValidationError

from insights.models import Insight, InsightRouting
from insights.models.insights import ROUTING_REASON_MAX_LENGTH
from insights.services.insights import insight_create, insight_publish, insight_update


def _reasons(insight) -> dict[str, str]:
    return dict(InsightRouting.objects.filter(insight=insight).values_list("department__slug", "reason"))


def test_a_draft_keeps_the_reason_typed_for_each_department(org):
    insight = insight_create(
        author=org.analyst,
        title="Customers cancel after the second price rise",
        departments=["sales"],
        routing=[{"department": "marketing", "reason": "  The rise was announced by a campaign.  "}],
    )
    assert _reasons(insight) == {"sales": "", "marketing": "The rise was announced by a campaign."}


def test_departments_alone_keep_the_reasons_of_the_departments_that_stay(org, draft):
    insight_update(insight=draft, editor=org.analyst, routing=[{"department": "sales", "reason": "They sold it."}])
    assert _reasons(draft) == {"sales": "They sold it."}
    insight_update(insight=draft, editor=org.analyst, departments=["sales", "marketing"])
    assert _reasons(draft) == {"sales": "They sold it.", "marketing": ""}
    insight_update(insight=draft, editor=org.analyst, departments=["marketing"])
    assert _reasons(draft) == {"marketing": ""}


def test_publishing_freezes_each_reason_and_a_changed_reason_changes_the_hash(org, draft):
    insight_update(
        insight=draft,
        editor=org.analyst,
        routing=[{"department": "marketing", "reason": "Their campaign promised it."}, {"department": "sales"}],
    )
    first = insight_publish(insight=draft, publisher=org.lead)
    assert first.content["departments"] == [
        {
            "id": org.marketing.pk,
            "slug": "marketing",
            "name": org.marketing.name,
            "reason": "Their campaign promised it.",
        },
        {"id": org.sales.pk, "slug": "sales", "name": org.sales.name, "reason": ""},
    ]
    insight_update(
        insight=draft,
        editor=org.analyst,
        routing=[{"department": "marketing", "reason": "Changed."}],
        departments=["sales"],
    )
    second = insight_publish(insight=draft, publisher=org.lead)
    assert [d["reason"] for d in second.content["departments"]] == ["Changed.", ""]
    assert {k: v for k, v in second.content.items() if k not in {"departments", "revision"}} == {
        k: v for k, v in first.content.items() if k not in {"departments", "revision"}
    }
    assert second.content_hash != first.content_hash
    first.refresh_from_db()
    assert first.content["departments"][0]["reason"] == "Their campaign promised it."


@pytest.mark.parametrize(
    "routing",
    [
        [{"department": "marketing", "reason": "x" * (ROUTING_REASON_MAX_LENGTH + 1)}],
        [{"department": "nowhere", "reason": "Lost."}],
        [{"department": "contact-center", "reason": "Ourselves."}],
        [{"department": "marketing", "reason": 5}],
        [{"reason": "Whom?"}],
        [{"department": "sales"}, {"department": "sales", "reason": "Twice."}],
    ],
)
def test_bad_routing_is_refused_naming_the_field_and_nothing_is_written(org, draft, routing):
    before = _reasons(draft)
    with pytest.raises(ValidationError) as refused:
        insight_update(insight=draft, editor=org.analyst, title="Renamed", routing=routing)
    assert "routing" in refused.value.message_dict
    assert _reasons(draft) == before
    assert Insight.objects.get(pk=draft.pk).title == draft.title
