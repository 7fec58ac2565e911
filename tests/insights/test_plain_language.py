"""The jargon checker flags contact-center acronyms and jargon and suggests plain words."""

import pytest

from insights.plain_language import insight_jargon_warnings, jargon_findings


@pytest.mark.parametrize(
    "term", ["AHT", "ASA", "FCR", "IVR", "ACD", "SL", "C-sat", "CSAT", "occupancy", "Shrinkage", "NPS"]
)
def test_flags_each_acronym_and_jargon_word(term):
    text = f"Last quarter the {term} moved a lot."
    findings = jargon_findings(text)
    assert [f.term for f in findings] == [term]
    assert findings[0].position == text.index(term)
    assert findings[0].suggestion


def test_words_that_merely_contain_an_acronym_are_not_flagged():
    assert jargon_findings("SLOW ASAP FCRS slim 'Asa' the aht") == []


def test_an_acronym_followed_by_its_explanation_counts_as_explained():
    assert jargon_findings("AHT (the time one customer takes) rose.") == []


def test_html_abbr_with_a_title_counts_as_explained_and_positions_point_into_the_html():
    html = '<p>Our <abbr title="average handle time">AHT</abbr> rose;\n<b>FCR</b> fell. <abbr>IVR</abbr></p>'
    findings = jargon_findings(html, html=True)
    assert [f.term for f in findings] == ["FCR", "IVR"]
    for finding in findings:
        assert html[finding.position : finding.position + len(finding.term)] == finding.term


def test_scripts_and_attribute_values_are_not_page_text():
    assert jargon_findings('<div data-x="AHT"><script>var FCR = 1;</script>plain</div>', html=True) == []


def test_longest_phrase_wins():
    assert [f.term for f in jargon_findings("Average handle time rose")] == ["Average handle time"]


def test_insight_warnings_are_per_field(org, draft, api_as):
    assert insight_jargon_warnings(title="AHT is up", summary="Plain words") == {
        "title": [{"term": "AHT", "suggestion": jargon_findings("AHT")[0].suggestion, "position": 0}]
    }
    api_as(org.analyst).patch(f"/api/insights/{draft.pk}/", {"summary": "Our shrinkage is high"}, format="json")
    data = api_as(org.analyst).get(f"/api/insights/{draft.pk}/").json()
    assert [w["term"] for w in data["jargon_warnings"]["summary"]] == ["shrinkage"]
