"""What a block is, judged alone: prose (a paragraph of the article, by length
and link density), junk (widget text, link lists) or a sentence. Shared by the
container choice (container.py) and the lead search (lead.py)."""
from __future__ import annotations

from .blocks import HEADINGS, Block

PROSE_CHARS = 80          # a block this long with few links reads as a paragraph
PROSE_MAX_LINKS = 0.3     # link-text share above which a block is navigation-like
JUNK_LINKS = 0.6         # link-text share above which any block is a link list
SENTENCE_END = frozenset(".!?;:\u061f\u06d4\u3002\uff01\uff1f\u0964\u2026\"'\u201d\u2019\u00bb)")


def is_prose(block: Block) -> bool:
    chars = len(block.text)  # (link_density, without the property call)
    return (chars >= PROSE_CHARS and block.link_chars / chars <= PROSE_MAX_LINKS
            and block.tag not in HEADINGS and not block.soft)


def is_junk(block: Block) -> bool:
    """Widget text, link lists and short link lines ("Read more: ...").

    Text in a ``<blockquote>`` is quoted material (an embedded post's
    "— Name (@handle) date" line is mostly a link): never junk by its links.
    """
    if block.soft or block.quoted:
        return block.soft
    density = block.link_density
    return density > JUNK_LINKS or (density > PROSE_MAX_LINKS and len(block.text) < PROSE_CHARS)


def is_sentence(block: Block) -> bool:
    """Ends like a sentence (any script's final punctuation), not like a label."""
    return block.text[-1] in SENTENCE_END and " " in block.text
