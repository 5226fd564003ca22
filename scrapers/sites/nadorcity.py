"""NadorCity (nadorcity.com) — placeholder until the sample pages land."""
from __future__ import annotations

from ..generic import extract_generic
from ..page import Page
from ..record import Article
from ..registry import register


@register("nadorcity.com")
def extract_nadorcity(page: Page) -> Article:
    return extract_generic(page)
