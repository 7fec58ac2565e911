"""In a real headless Chromium: the analyst is told what personal data left the insight they typed, and a
department member, on a phone, reads the customers' insults masked."""

import pytest

from insights.models import Insight
from insights.services.insights import insight_publish
from tests.browser import screenshot
from tests.insights.factories import ContactFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_typed_personal_data_is_reported_and_insults_are_masked_for_a_department(org, browser_page):
    contact = ContactFactory(evidence=True, text="Your billing is shit", profane=True)
    page = browser_page(org.analyst)
    page.goto("/insights/new/")
    page.fill("#id_title", "Billing makes customers swear")
    page.fill("#id_summary", "Call me on 020 7946 0958, this is fucking useless.")
    page.fill("#id_customer_voice", "Fix this shit")
    page.select_option("#id_category", "financial_growth")
    page.fill("#id_estimated_value", "1000")
    page.fill("#id_value_assumptions", "100 accounts x 10")
    page.check("input[name=departments][value=marketing]")
    page.evaluate(
        "id => { const f = document.getElementById('insight-form'); const i = document.createElement('input');"
        " i.type = 'hidden'; i.name = 'evidence'; i.value = id; f.appendChild(i); }",
        str(contact.pk),
    )
    page.click("#insight-form button[type=submit]")
    page.wait_for_url("**/insights/*/")
    assert "1 phone number was removed" in page.text_content("main")
    screenshot(page, "insight-saved-redactions")
    insight = Insight.objects.get()
    assert insight.summary == "Call me on [PHONE], this is fucking useless."
    insight_publish(insight=insight, publisher=org.lead)

    member = browser_page(org.marketing_member, viewport=PHONE)
    member.goto(f"/insights/{insight.pk}/")
    text = member.text_content("main")
    assert "f****** useless" in text and "Fix this s***" in text and "Your billing is s***" in text
    assert "fucking" not in text and "shit" not in text
    screenshot(member, "insight-masked-for-department-390")
