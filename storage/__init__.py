"""akhbar's storage layer: the SQLite schema and every query.

``Archive.open(path)`` gives the archive; ``save(article, raw)`` stores one
page atomically with deduplication; reading methods live in ``reading.py``.
"""

if __name__ != "akhbar.storage":  # imported as a top-level package from a checkout
    raise ImportError("the storage/ folder is the package akhbar.storage: install akhbar "
                      "(pip install -e .) and import akhbar.storage")
from .archive import BULK_BATCH_PAGES, Archive, RawPage, SaveResult, content_hash
from .errors import ArchiveBusy, ArchiveError
from .lock import archive_lock
from .reading import SearchHit

__all__ = ["BULK_BATCH_PAGES", "Archive", "ArchiveBusy", "ArchiveError", "RawPage", "SaveResult", "SearchHit",
           "content_hash", "archive_lock"]
