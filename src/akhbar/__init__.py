"""akhbar: scrape and archive news articles and their public comments into SQLite.

The public surface is small:

- ``from akhbar.scrapers import extract`` — ``extract(html, url) -> Article``, a pure
  function (no network, no database);
- ``from akhbar.storage import Archive`` — the deduplicated, versioned SQLite archive;
- the ``akhbar`` command (``python -m akhbar``), built on the two.

The repository keeps the design card's folders at its top level (``cli/``,
``scrapers/``, ``storage/``); they install as ``akhbar.cli``, ``akhbar.scrapers``
and ``akhbar.storage``. This module imports none of them, so importing one layer
never loads another.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("akhbar")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
