"""The calculator and a quiz question in a real browser, with screenshots for the issue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from education.models import QuizAnswer
from tests.browser import PHONE, screenshot
from tests.education.education_support import contacts_every, start_game

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_calculator_shows_the_tradeoff(org, browser_page):
    start = (timezone.now() - timedelta(days=1)).replace(hour=14, minute=0, second=0, microsecond=0)
    contacts_every(start=start, minutes=1, count=50, handle=240)
    page = browser_page(org.executive)
    page.goto("/staffing/")
    assert page.input_value("#id_contacts") == "50"
    page.fill("#id_agents", "3")  # 50 calls × 4 min = 3.3 people of work
    page.click("#calculator button[type=submit]")
    page.wait_for_selector("#chosen")
    assert "Under-staffed" in page.inner_text("#chosen")
    page.fill("#id_agents", "6")
    page.fill("#id_target_percent", "90")
    page.click("#calculator button[type=submit]")
    page.wait_for_selector("svg rect.bar.hl")
    sentence = page.inner_text("#tradeoff-sentence")
    assert "as the answer target goes up, the time each person spends talking goes down" in sentence
    assert page.locator("svg rect.bar").count() == 8
    assert int(page.inner_text("#agents-needed")) >= 5
    assert screenshot(page, "staffing-calculator").stat().st_size > 10_000


def test_playing_a_quiz_question_on_a_phone(org, browser_page):
    game = start_game(org, count=2)
    page = browser_page(org.marketing_member, viewport=PHONE)
    page.goto("/quiz/")
    page.click(f"a[href='/quiz/{game.pk}/']")
    page.wait_for_selector("#question .choice")
    assert page.locator("#question .choice").count() == 4
    screenshot(page, "quiz-question")
    question = game.questions.get(position=1)
    page.click(f"#question button[value='{question.correct_choice}']")
    page.wait_for_selector("#explanation")
    assert "Right!" in page.inner_text("#answer")
    assert page.locator(".choice.right").count() == 1
    screenshot(page, "quiz-answer")
    # Going back and tapping another answer changes nothing.
    page.go_back()
    page.reload()
    assert QuizAnswer.objects.get(question=question).is_correct
    assert page.locator("#question").count() == 1  # the next question, not the answered one
    assert str(game.questions.get(position=2).pk) in page.input_value("#question input[name=question]")
