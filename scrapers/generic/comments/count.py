"""The comment total a page displays when its thread is paginated or cut short.

A page that holds 25 of 112 comments prints the total somewhere: a counter in
the article's meta line (``a.metadata__commentcount`` "571 Kommentare"), the
thread's title ("1.977 commentaires", "Komentarze(9)", "[ 167 comments ]"), a
"View all 146 replies" link, a bare "224" in ``span.comments__title-total``.
The candidates are the probe's nodes whose class/id names comments (or
replies) and the headings; the number is read from a short text in one of
these shapes:

* a number and a comment word, with at most two words before it ("View all
  146 replies", "Voir les 61 commentaires");
* a comment word and the number after it, in parentheses or not
  ("Komentarze(9)", "View comments (27)", "Kommentare: 12");
* in an element whose class/id names a comment *count* (count, total,
  number, headline, title, header, anzahl): a bare number, or a number and
  any one word ("91 Ergänzungen").

Numbers may carry thousands separators ("1.977", "1,977", "1 977"). The total
wins only when it is at least the number of comments found (a counter of a
teaser for another article rarely is), and counters in "recent/popular"
widgets are not read.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from selectolax.lexbor import LexborNode

from ...text import clean
from .structure import in_widget, region_named

_NUMBER = r"(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d{1,7})"
_WORD = (r"(?:comments?|kommentare?|commentaires?|comentarios?|commenti|komentarz[ey]?|"
         r"komentář[eů]?|комментари[йяе]?в?|reacties|reactions?|réactions?|responses?|"
         r"replies|réponses|antworten|leserkommentare|thoughts?|التعليقات|تعليقات|تعليقا|"
         r"تعليق|ردود)")
_NUMBER_FIRST = re.compile(rf"^\W*(?:[^\W\d_]+\s+){{0,2}}{_NUMBER}\s*{_WORD}(?![^\W\d_])", re.I)
_WORD_FIRST = re.compile(rf"^\W*(?:[^\W\d_]+\s+){{0,2}}{_WORD}\s*[(:\[]?\s*{_NUMBER}\s*[)\]]?\s*$",
                         re.I)
_COUNTER_NAME = re.compile(r"count|total|number|headline|title|header|anzahl|zahl", re.I)
_BARE = re.compile(rf"^\W*{_NUMBER}(?:\s+[^\W\d_]+)?\W*$")
_MAX_TEXT = 60


def displayed_total(nodes: list[LexborNode], at_least: int,
                    inside_item: Callable[[LexborNode], bool],
                    text_of: Callable[[LexborNode], str] = LexborNode.text) -> int | None:
    """The first total shown by ``nodes`` (document order) that is at least
    ``at_least`` and says "comments" (any language of ``_WORD``), else the first
    bare one of a counter-named element, else None. Counters inside a comment
    (its replies) do not count."""
    memo: dict[int, bool] = {}
    worded: int | None = None
    bare: int | None = None
    for node in nodes:
        if inside_item(node):
            continue
        raw = text_of(node)
        if not raw or len(raw) > 4 * _MAX_TEXT:
            continue
        text = clean(raw)
        if not text or len(text) > _MAX_TEXT:
            continue
        total, with_word = _total_in(node, text)
        if (total is None or total < max(at_least, 1) or (bare is not None and not with_word)
                or in_widget(node, memo, nav=False)):
            continue
        if with_word:
            worded = total
            break
        bare = total
    return worded if worded is not None else bare


def _total_in(node: LexborNode, text: str) -> tuple[int | None, bool]:
    """The total in ``text`` and whether a comment word says so (a bare number
    or "91 Ergänzungen" counts only in a counter-named element)."""
    match = _NUMBER_FIRST.match(text) or _WORD_FIRST.match(text)
    if match is not None:
        return int(re.sub(r"\D", "", match.group(1))), True
    attributes = node.attributes
    name = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    if not (_COUNTER_NAME.search(name) and region_named(name)):
        return None, False
    match = _BARE.match(text)
    return (int(re.sub(r"\D", "", match.group(1))), False) if match else (None, False)
