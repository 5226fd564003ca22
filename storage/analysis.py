"""Word analysis for the full-text index: what a word is indexed and searched as.

The index and the queries go through the same steps (``docs/search.md`` has
the measurements behind each choice):

1. folding (``textnorm.fold``: hamza and alef forms, ى/ي, ة/ه, harakat,
   tatweel, digits, case);
2. by the word's script:

   - Arabic: a *light* stemmer (``arabic_stem``) after Larkey's light10, as
     Lucene's ArabicAnalyzer has it, extended to stacked clitics
     (و/ف + ب/ك/ل + ال), pronoun endings (ها هم هن هما نا ه, with the ة that
     turns into ت before them), sound plurals and duals (ات ون ين ان) and the
     feminine/nisba endings (ه ي يه). It removes affixes only, never reaches
     the root: أخبار (news) and مخابرات (intelligence) stay apart.
   - Latin script: Snowball (PyStemmer) for the language of the text, guessed
     from its own function words (``text_language``) rather than taken from
     the page's metadata, so the index stays a pure function of the archive's
     text (the contentless index is updated by re-computing old values). The
     stem is tagged with the language (``fr_navir``): a query word is stemmed
     for every language and each stem only meets text of its own language, so
     French "news" → "new" never finds English "new". Text whose language is
     not recognised is indexed by its surface form.
   - Cyrillic: Snowball Russian. Anything else (digits, other scripts): the
     folded surface form.

The result is a *shadow text*: the words' index forms joined by spaces, which
FTS5's ordinary tokenizers index (plus ``_`` as a word
character for the tag). Every index form goes through ``ftsfold.fts_form``
(what ``unicode61`` did to each character, done once per distinct word), and
since schema 6 the index's tokenizer is FTS5's plain ``ascii`` one.
No custom tokenizer: Datasette or the sqlite3 shell read the archive as it
is, and ``search.analyse_query`` gives them the MATCH expression for a
reader's words.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import chain

import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type hints

from .ftsfold import fts_form
from .textnorm import fold

# Snowball languages whose text is recognised by its function words (ISO 639-1).
LATIN_LANGUAGES = {"en": "english", "fr": "french", "es": "spanish", "de": "german",
                   "it": "italian", "pt": "portuguese", "nl": "dutch"}
# Frequent function words that mostly belong to one language each (accents removed).
_FUNCTION_WORDS = {
    "en": "the of and to is are was were for with that this from by have has not which".split(),
    "fr": "le les des du une est sont dans pour avec sur aux qui que pas ce cette ont".split(),
    "es": "el los las del una por con para es son esta como mas pero sus fue".split(),
    "de": "der die das und ist sind nicht mit auf den dem ein eine zu von fur".split(),
    "it": "il gli della delle degli che per con una sono non nel alla anche".split(),
    "pt": "os das dos uma com para por nao que sao mais pela pelo ao foi".split(),
    "nl": "het een van en is zijn niet met voor op dat ook bij naar".split(),
}
_ACCENTED = {"fur": "für", "nao": "não", "sao": "são", "mas": "más"}
_VOTES: dict[str, tuple[str, ...]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _word in _words:
        for _form in {_word, _ACCENTED.get(_word, _word)}:
            _VOTES[_form] = (*_VOTES.get(_form, ()), _lang)

_STEMMERS = {code: Stemmer.Stemmer(name) for code, name in LATIN_LANGUAGES.items()}
_RUSSIAN = Stemmer.Stemmer("russian")
_WORD = re.compile(r"[^\W_]+")

# Clitics before a word: conjunction (و ف) + preposition (ب ك ل) + article (ال); ل + ال is لل.
_PREFIXES = ("وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
# Pronoun endings ("her", "their", "our", "his" / the feminine ة, folded to ه).
_PRONOUNS = ("هما", "هم", "هن", "ها", "نا", "ه")
_PLURALS = ("ات", "ون", "ين", "ان")  # sound feminine and masculine plurals, the dual
_ENDINGS = ("يه", "ي", "ه")  # nisba (ـية ـي) and the feminine ending
# Bare clitics a query word may carry or lack (``arabic_variants``); not stripped
# in the index, where وزارة (ministry) must not become زارة.
_BARE = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
MIN_STEM = 3
MIN_BARE_STEM = 4  # a query word's stem must be this long to be tried with/without a bare clitic


def arabic_stem(word: str) -> str:
    """The light stem of one folded Arabic word (affixes only, never the root).

    One clitic prefix group, then at most one pronoun ending, one plural/dual
    ending and one feminine/nisba ending, each only when at least
    ``MIN_STEM`` letters remain (two-letter plural endings other than ات: four,
    so لبنان is not لبن + ان).
    """
    # Each group is tried only if one of its affixes is there at all: one C-level
    # ``startswith``/``endswith`` of a tuple instead of a call per affix (most words
    # carry few affixes, and this runs for every word the archive has not seen yet).
    if word.startswith(_PREFIXES):
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
                word = word[len(prefix):]
                break
    if word.endswith(_PRONOUNS):
        for suffix in _PRONOUNS:
            if word.endswith(suffix) and len(word) - len(suffix) >= (4 if suffix == "نا" else MIN_STEM):
                word = word[:-len(suffix)]
                if len(word) >= 4 and word[-1] == "ت" and word[-2] not in "او":
                    word = word[:-1]  # مدينتها: the ة of مدينة is written ت before a pronoun
                elif word.endswith(("اي", "او")):
                    word = word[:-1] + "ء"  # أبنائهم: the ء of أبناء sits on ئ/ؤ before a pronoun
                break
    if word.endswith(_PLURALS):
        for suffix in _PLURALS:
            if word.endswith(suffix) and len(word) - 2 >= (MIN_STEM if suffix == "ات" else 4):
                word = word[:-2]
                break
    if word.endswith(_ENDINGS):
        for suffix in _ENDINGS:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word = word[:-len(suffix)]
                break
    return word


_LATIN_MARKS = re.compile("[\u0300-\u036f]")


def strip_accents(text: str) -> str:
    """Latin diacritics removed (é → e), as FTS5's ``remove_diacritics 2`` does."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if len(decomposed) == len(text):
        return text  # nothing decomposed: no accent to remove (Arabic text, say)
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed))


def script(word: str) -> str:
    """"arabic", "latin", "cyrillic" or "other", by the word's first letter."""
    char = word[0]
    if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f":
        return "arabic"
    if char.isascii():
        return "latin" if char.isalpha() else "other"
    if "\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff":
        return "latin"
    if "\u0400" <= char <= "\u04ff":
        return "cyrillic"
    return "other"


_LATIN: dict[tuple[str | None, str], str] = {}


def latin_token(word: str, language: str | None) -> str:
    """A Latin-script word's index form: ``lang_stem``, or its surface without a language."""
    token = _LATIN.get((language, word))
    if token is None:
        token = fts_form(strip_accents(word) if language is None else
                         f"{language}_{strip_accents(_STEMMERS[language].stemWord(word))}")
        if len(_LATIN) < 500_000:
            _LATIN[(language, word)] = token
    return token


# Index forms of words whose form does not depend on the text's language.
_FIXED: dict[str, str] = {}


def fixed_token(word: str) -> str | None:
    """The index form of a non-Latin word (None for a Latin one: it needs the language)."""
    token = _FIXED.get(word)
    if token is None:
        kind = script(word)
        token = fts_form("" if kind == "latin" else arabic_stem(word) if kind == "arabic" else
                         _RUSSIAN.stemWord(word) if kind == "cyrillic" else strip_accents(word))
        if len(_FIXED) < 500_000:
            _FIXED[word] = token
    return token or None


def text_language(words: Iterable[str]) -> str | None:
    """The Latin-script language of folded words by their function words, or None.

    A language needs at least two of its function words and more than any
    other language: a French name in an Arabic article decides nothing. The
    words are filtered and counted by C-level ``filter``/``Counter`` (this runs
    over every word of every Latin-script article saved).
    """
    counts: dict[str, int] = {}
    for word, seen in Counter(filter(_VOTES.__contains__, words)).items():
        for lang in _VOTES[word]:
            counts[lang] = counts.get(lang, 0) + seen
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    best, n = ranked[0]
    if n < 2 or (len(ranked) > 1 and ranked[1][1] == n):
        return None
    return best


class _Tokens(dict[str, str]):
    """Index forms of whitespace-separated pieces of folded text, for one language.

    A piece is usually one word, sometimes with punctuation (``المغرب،``) or
    several words (``l'état``); its index form is its words' forms joined by
    spaces ("" for punctuation alone). The dict fills itself on a miss, so a
    text is analysed by one C-level ``map`` over its pieces: this runs over
    every word the archive stores, and a Python loop per word cost more than
    the rest of saving a page.
    """

    def __init__(self, language: str | None):
        super().__init__()
        self.language = language

    def __missing__(self, piece: str) -> str:
        if piece.isalnum():  # one word, the common case
            token = fixed_token(piece) or latin_token(piece, self.language)
        else:
            token = " ".join(fixed_token(w) or latin_token(w, self.language)
                             for w in _WORD.findall(piece))
        if len(self) >= 300_000:
            self.clear()
        self[piece] = token
        return token


_TOKENS = {lang: _Tokens(lang) for lang in (*LATIN_LANGUAGES, None)}


def shadow(pieces: list[str], language: str | None) -> str:
    """The index text of folded text split at whitespace: each piece's index form, in order."""
    return " ".join(map(_TOKENS[language].__getitem__, pieces))


def analyse_text(folded: str, language: str | None = None) -> str:
    """The index text of one folded text, its Latin-script words stemmed for ``language``."""
    return shadow(folded.split(), language)


def index_values(headline: str, body: str, comments: str,
                 body_pieces: list[str] | None = None) -> tuple[str, str, str]:
    """The three index texts of an article from its folded headline, body and comments.

    ``body_pieces``: ``body.split()`` when the caller has it. See ``analyse_pieces``.
    """
    return analyse_pieces(headline.split(), body.split() if body_pieces is None else body_pieces,
                          comments.split(), body)


def analyse_pieces(head: list[str], main: list[str], notes: list[str],
                   body: str | None = None) -> tuple[str, str, str]:
    """The three index texts of an article from its folded text split at whitespace.

    Headline and body share the language guessed from both; comments get
    their own (readers may write in another language), else the article's.
    ``body``: the folded body (any whitespace between the pieces) when the
    caller has it, for the quick test of whether it may be Latin-script text.
    """
    body = " ".join(main) if body is None else body
    language = text_language(chain(head, main)) \
        if _may_be_latin(body) or _may_be_latin(" ".join(head)) else None
    own = text_language(notes) if _may_be_latin(" ".join(notes)) else None
    return shadow(head, language), shadow(main, language), shadow(notes, own or language)


def _may_be_latin(folded: str) -> bool:
    """False when no function word can be in the text (no Latin vowel): a C-speed scan."""
    return "e" in folded or "a" in folded or "o" in folded or "i" in folded or "u" in folded


def query_forms(word: str) -> list[str]:
    """Every index form a reader's (folded) word may have in the archive, its own first.

    Arabic: the light stem, and the stem with or without a bare clitic
    (``arabic_variants``). Latin script: the stem in each recognised language,
    tagged, and the surface form (text of no recognised language). Others:
    the one index form.
    """
    token = fixed_token(word)
    if token is not None:
        if script(word) == "arabic":
            return arabic_variants(word, token)
        return [token]
    forms = [latin_token(word, lang) for lang in LATIN_LANGUAGES]
    forms.append(latin_token(word, None))
    return list(dict.fromkeys(forms))


def arabic_variants(word: str, stem: str) -> list[str]:
    """The stem, plus forms with a bare clitic (و ف ب ل ك, not stripped in the index).

    A query word finds the same word behind a bare clitic in the text
    (منازل → ومنازلها), and a query word with one finds the bare word
    (ومنازل → منازل), when the stem has at least ``MIN_BARE_STEM`` letters:
    short stems are where a first letter is most often the word's own
    (وزارة is not و + زارة).
    """
    forms = [stem]
    if len(stem) >= MIN_BARE_STEM and not word.startswith(_PREFIXES):
        forms += [clitic + stem for clitic in _BARE]
    for clitic in _BARE:
        if word.startswith(clitic) and not word.startswith(_PREFIXES):
            inner = fts_form(arabic_stem(word[len(clitic):]))
            if len(inner) >= MIN_BARE_STEM:
                forms.append(inner)
    return list(dict.fromkeys(forms))


def split_words(folded: str) -> list[str]:
    """The words of already folded text (``_`` splits words, as the tokenizer does)."""
    return _WORD.findall(folded)


def words(text: str) -> list[str]:
    """The folded words of a reader's text (``_`` splits words, as the tokenizer does)."""
    return _WORD.findall(fold(text))


def word_keys(word: str) -> frozenset[str]:
    """Index forms of one folded word of the *page* (for marking matches in snippets)."""
    return _KEYS.get(word) or _keys(word)


_KEYS: dict[str, frozenset[str]] = {}


def _keys(word: str) -> frozenset[str]:
    token = fixed_token(word)
    if token is None:
        keys = frozenset(query_forms(word))
    else:
        keys = frozenset((token,))
    if len(_KEYS) < 200_000:
        _KEYS[word] = keys
    return keys
