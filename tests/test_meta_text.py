"""The metadata stage's fast ``clean`` gives exactly ``scrapers.text.clean``'s result."""
import random

from akhbar.scrapers import text
from akhbar.scrapers.generic.metadata.values import clean_at_most, has_text
from akhbar.scrapers.text import clean, clean_or_none


def _special_characters() -> list[str]:
    """Every BMP character that text.clean's patterns touch, plus ones strip() drops."""
    touched = [chr(c) for c in range(0x10000)
               if text._WS.match(chr(c)) or text._INVISIBLE.match(chr(c))]
    return touched + ["\n", "\x1c", "\x1f", "\x85", "\u2028", "\u2029", "\u180e"]


def test_every_special_character_alone_and_in_words():
    for ch in _special_characters():
        for sample in (ch, f"a{ch}b", f" {ch} a", f"{ch}{ch}x", f"x {ch}"):
            assert clean(sample) == text.clean(sample), repr(sample)
            assert has_text(sample) == bool(text.clean(sample)), repr(sample)


def test_random_strings_match_text_clean():
    rng = random.Random(7)
    alphabet = _special_characters() + list("ab ي.") * 20
    for _ in range(100_000):
        sample = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert clean(sample) == text.clean(sample), repr(sample)
        assert clean_or_none(sample) == text.clean_or_none(sample)
        assert has_text(sample) == bool(text.clean(sample))


def test_none_and_empty():
    assert clean(None) == "" and clean("") == "" and clean_or_none("  ") is None


def test_clean_at_most_agrees_with_cleaning_everything():
    rng = random.Random(11)
    pieces = ["word", " ", "  ", "\n", "\t", "\u200b", "\u00a0", "ناظور", "\u2028", "\xad"]
    for _ in range(20_000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 200)))
        limit = rng.choice([5, 20, 100, 120])
        full = text.clean(sample)
        assert clean_at_most(sample, limit) == (full if len(full) <= limit else None), repr(sample)
