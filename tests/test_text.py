"""``clean``'s fast path (split/join) must agree with its rules (regular expressions)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.scrapers.text import clean, clean_by_rules

# Every character class the rules treat specially, plus Arabic and ordinary text.
_SPECIAL = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2005\u200a\u200b\u200c"
            "\u200d\u200e\u200f\u2028\u2029\u202a\u202e\u202f\u205f\u2066\u2069\u3000"
            "\ufeff\u00ad\u180e")
_TEXT = st.text(st.one_of(st.sampled_from(_SPECIAL), st.sampled_from("ab .,،ابة"),
                          st.characters()), max_size=60)


@settings(max_examples=2000, deadline=None)
@given(_TEXT)
def test_fast_path_agrees_with_the_rules(text):
    assert clean(text) == clean_by_rules(text)


def test_clean_examples():
    assert clean("  a\n\t b\u00a0\u00a0c  ") == "a b c"
    assert clean("ال\u200fخبر \u200b x") == "الخبر x"
    assert clean("") == "" and clean(None) == ""
