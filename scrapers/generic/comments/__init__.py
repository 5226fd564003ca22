"""The comments stage: the comment thread, the comment form and its notice.

``probe`` finds every starting node in one query, ``items`` reads the comments
of known markups, ``structure`` finds threads by their shape when no known
item class is there, ``fields`` reads author, date and text by structural
cues, ``form`` the form, notice, count heading and the roots the body stage
skips, ``count`` the total a paginated page displays, ``jsonld`` the comments
a page states only in JSON-LD; ``thread`` puts them together.
"""
from .thread import extract_comments

__all__ = ["extract_comments"]
