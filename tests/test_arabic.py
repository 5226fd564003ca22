"""Arabic normalisation used by search and duplicate detection."""
import pytest

from akhbar.scrapers.arabic import normalize_for_search, western_digits


@pytest.mark.parametrize("a, b", [
    ("الأخير", "الاخير"),          # hamza on alef
    ("إسبانية", "اسبانية"),
    ("آخر", "اخر"),
    ("مستوى", "مستوي"),            # alef maqsura / ya
    ("المغربية", "المغربيه"),       # ta marbuta / ha
    ("مُدِيرِي", "مديري"),          # tashkeel
    ("المـــخابرات", "المخابرات"),  # tatweel
    ("٢٠٢١", "2021"),               # Arabic-Indic digits
    ("۲۰۲۱", "2021"),               # Persian digits
    ("CIA", "cia"),
])
def test_variants_fold_together(a, b):
    assert normalize_for_search(a) == normalize_for_search(b)


def test_different_words_stay_different():
    assert normalize_for_search("المغرب") != normalize_for_search("المشرق")


def test_western_digits():
    assert western_digits("١٢ شتنبر ٢٠٢١") == "12 شتنبر 2021"


def test_presentation_forms_are_folded():
    # U+FEFB is the lam-alef ligature used by legacy pages and PDFs.
    assert normalize_for_search("\ufefb") == normalize_for_search("لا")
