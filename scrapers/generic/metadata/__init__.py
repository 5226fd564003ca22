"""The metadata stage: headline, author, byline, published date, language.

``fields`` weighs the sources (``jsonld``, ``<meta>`` tags, visible ``byline``
and dates, the ``title``); ``values`` holds cheap tests on short values.
"""
from .fields import extract_metadata

__all__ = ["extract_metadata"]
