"""What saving an article computes from its text alone: content hash and index values.

Both are pure functions of the article's headline, body and comments, so they
can be computed anywhere: ``load --jobs N`` computes them in its extraction
worker processes (``cli/parallel.py``), off the one writer's core, and hands
them over with the record (``RawPage.prepared``). The archive uses a
``PreparedText`` only if the text it was computed from (``source``) is the
text being saved, compared string for string; otherwise it computes its own.
Computed in the writer, the body is folded and split once, for the hash and
for the index text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from akhbar.scrapers.record import Article

from .analysis import analyse_pieces
from .textnorm import fold_pieces, hash_joined

Values = tuple[str, str, str]
# What index values are computed from: headline, body, comment texts joined by "\n".
Source = tuple[str | None, str | None, str]
# The folded headline, body and comments split at whitespace (``textnorm.fold_pieces``),
# and the body's pieces joined by spaces (what the content hash is taken of).
_Folded = tuple[list[str], list[str], list[str], str]


@dataclass
class PreparedText:
    """An article's content hash and (when computed) full-text index values, with their source."""

    source: Source
    content_hash: str
    values: Values | None = None
    # The folded headline and comments and the split folded body, kept by the
    # writer between hashing and indexing a new article (never sent between processes).
    _folded: _Folded | None = field(default=None, repr=False, compare=False)

    def index_values(self) -> Values:
        """The index values, computed now if they were not (from the kept folded text)."""
        if self.values is None:
            folded = self._folded or _fold(*self.source)
            self.values = analyse_pieces(*folded)
            self._folded = None
        return self.values

    def matches(self, article: Article, comments: str) -> bool:
        """Whether this was computed from ``article``'s text (``comments``: its texts joined)."""
        return self.source == (article.headline, article.body, comments)

    def __getstate__(self) -> dict[str, object]:
        return {"source": self.source, "content_hash": self.content_hash, "values": self.values,
                "_folded": None}


def joined_comments(article: Article) -> str:
    """The comment texts of an article as the index reads them: joined by newlines."""
    return "\n".join(c.text for c in article.comments)


def _fold(headline: str | None, body: str | None, comments: str) -> _Folded:
    pieces = fold_pieces(body)
    return fold_pieces(headline), pieces, fold_pieces(comments), " ".join(pieces)


def prepare_text(article: Article, *, index: bool = True,
                 comments: str | None = None) -> PreparedText:
    """Hash (and with ``index``, index values) of an article's text: a pure function.

    The hash is ``textnorm.hash_folded`` of the folded body, from the same
    pieces as the index text (``textnorm.fold_pieces``: each distinct word
    folded once).
    """
    source = (article.headline, article.body,
              joined_comments(article) if comments is None else comments)
    folded = _fold(*source)
    prepared = PreparedText(source, hash_joined(folded[3]), _folded=folded)
    if index:
        prepared.index_values()
    return prepared
