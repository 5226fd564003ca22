"""The related stage: "more news" link blocks, found by structure.

``blocks`` finds the blocks (see its docstring for the definition); a link's
anchor text is judged by ``anchors``, its container by ``structure``, its URL
by ``urls``.
"""
from .blocks import extract_related

__all__ = ["extract_related"]
