"""The comments stage: the comment thread, the comment form and its notice.

``probe`` finds every starting node in one query, ``items`` reads the comments,
``form`` the form, notice, count and the roots the body stage skips,
``jsonld`` the comments a page states only in JSON-LD; ``thread`` puts them
together.
"""
from .thread import extract_comments

__all__ = ["extract_comments"]
