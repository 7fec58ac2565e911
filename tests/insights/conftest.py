"""Fixtures for the insight tests: a few contacts and a draft ready to publish."""

import pytest

from tests.insights.factories import ContactFactory, InsightFactory


@pytest.fixture
def contacts(db):
    return ContactFactory.create_batch(3, evidence=True)


@pytest.fixture
def draft(org, contacts):
    return InsightFactory(created_by=org.analyst, departments=[org.marketing, org.sales], evidence=contacts)
