"""The body stage: the article's main text, as paragraphs.

``blocks`` cuts the page into text blocks (``boilerplate`` and ``actions``
decide which subtrees are read), ``container`` picks the article's container
among them and cleans its edges.
"""
from .container import extract_body

__all__ = ["extract_body"]
