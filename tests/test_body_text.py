"""``body.block_text.clean_block`` is ``text.clean``, only faster on block texts.

Every character up to U+3100 (all of Unicode's whitespace and, but for U+FEFF,
added, the invisible marks ``clean`` drops), a sample of the rest of the Basic
Multilingual Plane and a few characters beyond it are put at the start, in the
middle and at the end of a text, alone, doubled and next to spaces, line breaks
and invisible marks: both functions must return the same.
"""
from __future__ import annotations

from akhbar.scrapers.generic.body.block_text import REWRITTEN, clean_block
from akhbar.scrapers.text import INVISIBLE_CHARS, SPLIT_ONLY_CHARS, clean

TEMPLATES = ("{c}", "{c}{c}", "a{c}b", " a{c}b ", "{c}word", "word{c}", "a {c} b", "a{c} b",
             "\n  a{c}\n", "\u200fa{c}\u200f", "a\u00a0{c}", "x{c}{c}y  z", "{c} \n", "\u3000{c}a")


def test_same_as_clean_for_every_character_in_every_position() -> None:
    # Every whitespace and invisible character is below U+3100 or listed in
    # text.py; above, a sample of each script's range is enough.
    codes = list(range(0x3100)) + list(range(0x3100, 0x10000, 61)) + [0xFEFF, 0x1F600, 0xE0001]
    chars = [chr(code) for code in codes if not 0xD800 <= code < 0xE000]
    chars += list(INVISIBLE_CHARS + SPLIT_ONLY_CHARS)
    for template in TEMPLATES:
        for char in chars:
            text = template.format(c=char)
            assert clean_block(text) == clean(text), (template, hex(ord(char)))


def test_same_as_clean_on_paragraph_shapes() -> None:
    specials = INVISIBLE_CHARS + SPLIT_ONLY_CHARS + "\t\n\r\f\v\u00a0\u2003\u202f\u205f\u3000"
    texts = ["", " ", "\n\n", "\n    Plain paragraph, single spaces.\n  ",
             "\t\tقال المصدر إن الاجتماع انعقد يوم الأحد.\n", "two  spaces", "line\nbreak"]
    texts += [f"\n   start{s}middle end {s}\n" for s in specials]
    texts += [f"{s}{t}{s}" for s in specials for t in ("x", " x ", "x y")]
    for text in texts:
        assert clean_block(text) == clean(text), repr(text)


def test_casefold_never_shortens_a_text() -> None:
    """``body.trim`` compares a block with the headline only if it is not longer:
    every character folds to one or more characters, whatever surrounds it."""
    for code in range(0x110000):
        if not 0xD800 <= code < 0xE000:
            assert len(chr(code).casefold()) >= 1, hex(code)
    for text in ("ΟΔΟΣ ΟΔΟΣ.", "Straße ǅ ﬃ İstanbul", "ΐΰ ΣΑΣ σς", "قال: «الناظور»"):
        assert text.casefold() == "".join(char.casefold() for char in text)
        assert len(text.casefold()) >= len(text)


def test_the_characters_clean_rewrites_are_unprintable_and_five_of_them_ascii() -> None:
    """What ``clean_block``'s cheap tests rely on (``isprintable``, five ``in``)."""
    rewritten = [chr(c) for c in range(0x110000) if REWRITTEN.match(chr(c))]
    assert not any(char.isprintable() for char in rewritten)
    assert sorted(char for char in rewritten if char.isascii()) == sorted("\t\n\r\f\v")
    assert [chr(c) for c in range(128) if chr(c).isspace() and not REWRITTEN.match(chr(c))] == [
        "\x1c", "\x1d", "\x1e", "\x1f", " "]
