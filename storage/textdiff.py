"""Word-level diffs between two versions of an article, readable in Arabic too.

Paragraphs are aligned first (a line-level diff), then the paragraphs that
changed are diffed word by word. Every segment keeps the logical (typing)
order of the text: nothing is reversed or reshaped, so a terminal or editor
with bidi support shows Arabic right-to-left as usual. Plain-text markers are
the ones ``git diff --word-diff`` uses: ``[-removed-]`` and ``{+added+}``;
they are ASCII neutrals, so they bracket the changed words in RTL text too.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

Segment = tuple[str, str]  # (op, text) with op "equal", "delete" or "insert"


@dataclass
class ParagraphDiff:
    """One changed paragraph: its segments, and the paragraph numbers (1-based) in each version."""

    old_number: int | None
    new_number: int | None
    segments: list[Segment]

    def marked(self) -> str:
        return mark(self.segments)


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n") if p.strip()]


def word_segments(old: str, new: str) -> list[Segment]:
    """Word-level segments turning ``old`` into ``new`` (runs of the same op merged)."""
    a, b = old.split(), new.split()
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            segments.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(("insert", " ".join(b[j1:j2])))
        if tag == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
    return segments


def mark(segments: list[Segment]) -> str:
    """Plain text with ``[-deleted-]`` and ``{+inserted+}`` markers."""
    parts = []
    for op, text in segments:
        parts.append(text if op == "equal" else f"[-{text}-]" if op == "delete" else f"{{+{text}+}}")
    return " ".join(parts)


def body_diff(old: str, new: str) -> list[ParagraphDiff]:
    """The changed paragraphs between two bodies, in order (unchanged ones left out)."""
    a, b = paragraphs(old), paragraphs(new)
    out: list[ParagraphDiff] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = max(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            i, j = i1 + k, j1 + k
            if i < i2 and j < j2:
                out.append(ParagraphDiff(i + 1, j + 1, word_segments(a[i], b[j])))
            elif i < i2:
                out.append(ParagraphDiff(i + 1, None, [("delete", a[i])]))
            else:
                out.append(ParagraphDiff(None, j + 1, [("insert", b[j])]))
        if tag == "delete":
            out += [ParagraphDiff(i + 1, None, [("delete", a[i])]) for i in range(i1, i2)]
        if tag == "insert":
            out += [ParagraphDiff(None, j + 1, [("insert", b[j])]) for j in range(j1, j2)]
    return out
