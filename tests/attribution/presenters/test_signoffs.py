"""What a signer is shown of a revision: every part comes from the hashed content, so changing any shown part
changes the content hash, and the credit is said in money."""

import copy
from decimal import Decimal
from types import SimpleNamespace

import pytest

from attribution.presenters.signoffs import revision_shown
from insights.services.insights.publishing import canonical_json, content_hash
from tests.attribution.factories import revision_published as publish

# A change to each part the sign page shows, made to the frozen content (path, new value).
SHOWN_CHANGES = {
    "title": (("title",), "Another title"),
    "summary": (("summary",), "Another summary"),
    "category": (("category",), "efficiency"),
    "estimated value": (("estimated_value",), "99999.00"),
    "assumptions": (("value_assumptions",), "Other assumptions"),
    "quotes": (("customer_voice",), ["A different quote"]),
    "contacts": (("evidence",), []),
    "unhappy customers": (("evidence", 0, "csat"), 5),
    "revenue of affected accounts": (("statistics", "account_value_total"), "1.00"),
    "routing reason": (("departments", 0, "reason"), "Marketing writes the renewal letters"),
}


def _revision(content: dict):
    """A stand-in holding only the frozen content and its hash: the presenter must need nothing else."""
    return SimpleNamespace(content=content, content_hash=content_hash(canonical_json(content)))


def _changed(content: dict, path: tuple, value) -> dict:
    out = copy.deepcopy(content)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


@pytest.fixture
def content(org):
    revision, _ = publish(org, org.marketing)
    content = copy.deepcopy(revision.content)
    content["customer_voice"] = ["I was charged twice and nobody told me why."]
    content["evidence"][0]["csat"] = 1
    content["statistics"]["account_value_total"] = "48000.00"
    return content


@pytest.mark.parametrize("part", SHOWN_CHANGES)
def test_changing_any_shown_part_changes_what_is_shown_and_the_content_hash(org, content, part):
    path, value = SHOWN_CHANGES[part]
    before = revision_shown(revision=_revision(content), department_id=org.marketing.pk, share=Decimal("0.2"))
    changed = _changed(content, path, value)
    after = revision_shown(revision=_revision(changed), department_id=org.marketing.pk, share=Decimal("0.2"))
    shown_before = {k: v for k, v in before.items() if k != "content_hash"}
    shown_after = {k: v for k, v in after.items() if k != "content_hash"}
    assert shown_after != shown_before
    assert after["content_hash"] != before["content_hash"]


def test_shows_value_assumptions_evidence_figures_quotes_and_the_credit_in_money(org, content):
    shown = revision_shown(revision=_revision(content), department_id=org.marketing.pk, share=Decimal("0.2000"))
    assert shown["estimated_value_text"] == "$125,000.00"
    assert shown["value_assumptions"].startswith("2,000 affected accounts")
    assert shown["quotes"] == ["I was charged twice and nobody told me why."]
    assert shown["evidence"]["contacts"] == 1 and shown["evidence"]["unhappy_percent"] == "100%"
    assert shown["evidence"]["affected_revenue"] == "48000.00"
    assert shown["credit"]["sentence"].startswith(
        "If improvements built on this insight realise value, 20% of it is credited to the contact center."
    )
    assert "25,000.00" in shown["credit"]["sentence"] and shown["credit"]["value_if_realised"] == "25000.00"
