"""Profanity in what customers say: counted per contact (a signal of anger) and masked ("f***") wherever an
excerpt or quote is shown outside the contact center.

The words are better-profanity's maintained list (with its leetspeak: "sh1t", "f@ck") plus the site's
PROFANITY_EXTRA_WORDS. Its own matcher compares each word against every listed variant, too slow for an
import of millions of rows, so a word is looked up in a set first and only a word with a leetspeak
character is read back through the library's own substitutions (CHARS_MAPPING: 1 for i or l, @ for a or
o, ...) and looked up again; only a word with "*" (which stands for any vowel) goes through the library's
slow variant match.
"""

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from better_profanity import Profanity
from django.conf import settings

# A word as better-profanity splits text (letters, digits and the leetspeak characters @ $ *).
_WORD = re.compile(r"[^\W_]+(?:[@$*][^\W_]*)*|[@$*]+[^\W_]+(?:[@$*][^\W_]*)*")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_READINGS = 64


@dataclass(frozen=True)
class _Matcher:
    library: Profanity
    words: frozenset[str]  # every listed word and phrase, lower case
    phrase_starts: frozenset[str]  # first words of the listed phrases ("blow" of "blow job")
    longest: int  # words in the longest listed phrase
    letters_of: dict[str, str]  # leetspeak character -> the letters it may stand for
    leet: re.Pattern


@functools.cache
def _matcher() -> _Matcher:
    """The library loaded with the site's extra words, and the lookups built from its list once."""
    extra = [w.strip().lower() for w in getattr(settings, "PROFANITY_EXTRA_WORDS", []) if w.strip()]
    library = Profanity()  # its default list
    if extra:
        library.add_censor_words(extra)
    words = frozenset(str(w).lower() for w in library.CENSOR_WORDSET)
    letters_of: dict[str, str] = {}
    for letter, variants in library.CHARS_MAPPING.items():
        for variant in variants:
            if variant != letter and variant != "*" and not variant.isalpha():
                letters_of[variant] = letters_of.get(variant, "") + letter
    return _Matcher(
        library=library,
        words=words,
        phrase_starts=frozenset(w.split()[0] for w in words if " " in w),
        longest=max((len(w.split()) for w in words), default=1),
        letters_of=letters_of,
        leet=re.compile("[" + re.escape("".join(letters_of) + "*") + "]"),
    )


def profanity_reload() -> None:
    """Forget the loaded list (after PROFANITY_EXTRA_WORDS changes, e.g. in a test)."""
    _matcher.cache_clear()


def _word_listed(m: _Matcher, word: str) -> bool:
    """One lower-case word: in the list as written, or read back from its leetspeak."""
    if word in m.words:
        return True
    if not m.leet.search(word) or not _LETTER.search(word):
        return False  # plain letters not listed, or a number
    if "*" in word:
        return word in m.library.CENSOR_WORDSET  # "*" stands for any vowel: the library's own variant match
    readings = itertools.islice(itertools.product(*(m.letters_of.get(c, c) for c in word)), _MAX_READINGS)
    return any("".join(reading) in m.words for reading in readings)


def _profane_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each word of a listed word or phrase, the longest phrase first at each word."""
    m = _matcher()
    spans = [(w.start(), w.end()) for w in _WORD.finditer(text)]
    lowered = [text[s:e].lower() for s, e in spans]
    i = 0
    while i < len(spans):
        if lowered[i] in m.phrase_starts:
            for n in range(min(m.longest, len(spans) - i), 1, -1):
                if " ".join(lowered[i : i + n]) in m.words:
                    yield from spans[i : i + n]
                    i += n
                    break
            else:
                n = 0
            if n:
                continue
        if _word_listed(m, lowered[i]):
            yield spans[i]
        i += 1


_TOKEN = re.compile(r"[\w@$*]+")
# In ASCII text, what a token may hold besides letters (a token without any of these is letters only).
_ASCII_NOT_LETTER = re.compile(r"[0-9_@$*]")


def _may_be_profane(m: _Matcher, lowered: str) -> bool:
    """A cheap gate in C-speed steps: a listed word or phrase start as written, or a word mixing letters with
    leetspeak characters."""
    tokens = set(_TOKEN.findall(lowered))
    if not tokens.isdisjoint(m.words) or not tokens.isdisjoint(m.phrase_starts):
        return True
    if lowered.isascii() and not _ASCII_NOT_LETTER.search(lowered):
        return False  # every token is letters only: no leetspeak to read back
    return any(not t.isalpha() and not t.isdigit() and _LETTER.search(t) for t in tokens)


def profanity_found(text: str | None) -> bool:
    """True when the text holds a word of the profanity list."""
    if not text or not _may_be_profane(_matcher(), text.lower()):
        return False
    return next(_profane_spans(text), None) is not None


def profanity_mask(text: str | None) -> str:
    """The text with each profane word masked to its first letter and asterisks ("f***")."""
    if not text:
        return text or ""
    out, last = [], 0
    for start, end in _profane_spans(text):
        out += [text[last:start], text[start], "*" * (end - start - 1)]
        last = end
    return "".join(out) + text[last:] if out else text
