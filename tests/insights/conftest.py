"""Fixtures for the insight tests: a few contacts and a draft ready to publish."""

import pytest

from tests.factories import EvidenceContactFactory, InsightFactory


@pytest.fixture
def contacts(db):
    return EvidenceContactFactory.create_batch(3)


@pytest.fixture
def draft(org, contacts):
    return InsightFactory(created_by=org.analyst, departments=[org.marketing, org.sales], evidence=contacts)
