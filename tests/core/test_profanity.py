"""Profanity: better-profanity's list (with leetspeak and the site's extra words), masked to the first letter."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.profanity import profanity_found, profanity_mask, profanity_reload


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("This is fucking useless!", "This is f****** useless!"),
        ("what the hell, shit service", "what the h***, s*** service"),
        ("f@ck you and your sh1t", "f*** you and your s***"),
        ("a55hole, b1tch", "a******, b****"),
        ("Your service is f*cking useless", "Your service is f****** useless"),
        ("SHIT.", "S***."),
        ("bullshit", "b*******"),
    ],
)
def test_profanity_is_found_and_masked_to_its_first_letter(text, masked):
    assert profanity_found(text)
    assert profanity_mask(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "I was charged twice for the same month, order 123456",
        "Scunthorpe, assistant, class, passage, cocktail, grasshopper",
        "mp3 player 4real, 2nd try at 10am",
        "blow the whistle on it",
        "[PHONE] [EMAIL] [CARD]",
        "",
    ],
)
def test_ordinary_words_are_left_alone(text):
    assert not profanity_found(text)
    assert profanity_mask(text) == text


def test_the_site_extends_the_list_with_its_own_words(settings):
    assert not profanity_found("you absolute numpty")
    settings.PROFANITY_EXTRA_WORDS = ["numpty"]
    profanity_reload()
    try:
        assert profanity_mask("you absolute Numpty") == "you absolute N*****"
    finally:
        settings.PROFANITY_EXTRA_WORDS = []
        profanity_reload()
    assert not profanity_found("you absolute numpty")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["sh1t", "f@ck", "a$$", "b*tch", "hello", "order", "42", "_x", "é", "²", " ", "."]),
                max_size=8).map("".join))  # fmt: skip
def test_the_ascii_shortcut_skips_only_texts_without_leetspeak(text):
    """The gate's shortcut (ASCII text holding no digit, _, @, $ or *) answers as reading every token would."""
    from core import profanity

    lowered = text.lower()
    tokens = set(profanity._TOKEN.findall(lowered))
    leet = any(not t.isalpha() and not t.isdigit() and profanity._LETTER.search(t) for t in tokens)
    if lowered.isascii() and not profanity._ASCII_NOT_LETTER.search(lowered):
        assert not leet
