"""Options and helpers shared by the commands: the archive path, opening it."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import typer

from akhbar.storage import Archive, ArchiveBusy, ArchiveError, archive_lock
from akhbar.storage.archive import check_archive_path

from .exitcodes import ARCHIVE_BUSY, USAGE, CliError

DB_OPTION = typer.Option(
    None, "--db", help="Archive file (default: $AKHBAR_DB, then ./akhbar.db).",
    show_default=False)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON Lines (one object per line).")


def db_path(db: Path | None) -> Path:
    if db is not None:
        return db
    env = os.environ.get("AKHBAR_DB")
    return Path(env) if env else Path("akhbar.db")


def open_archive(db: Path | None, *, create: bool = False) -> Archive:
    """Open the archive or raise a one-line CliError (exit 2)."""
    try:
        return Archive.open(db_path(db), create=create)
    except ArchiveError as exc:
        raise CliError(str(exc), USAGE) from None


WAIT_OPTION = typer.Option(False, "--wait",
                           help="If another run holds the archive, wait for it instead of exiting 3.")


@contextlib.contextmanager
def writable_archive(db: Path | None, wait: bool = False,
                     before_open: Callable[[], None] | None = None) -> Iterator[Archive]:
    """Open the archive for writing under its lock (exit 3 when busy).

    ``before_open`` runs once the lock is held, before the archive is opened:
    ``load`` reads its first inputs and starts its workers there.
    """
    path = db_path(db)
    try:
        check_archive_path(path, create=True)
        with archive_lock(path, wait=wait):
            if before_open is not None:
                before_open()
            with open_archive(path, create=True) as archive:
                yield archive
    except ArchiveBusy as exc:
        raise CliError(str(exc), ARCHIVE_BUSY) from None
    except ArchiveError as exc:
        raise CliError(str(exc), USAGE) from None


def since_date(since: str | None) -> str | None:
    """The ``--since`` option as an ISO date, or a one-line usage error (exit 2)."""
    if not since:
        return None
    from akhbar.scrapers.dates import parse_date
    parsed = parse_date(since)
    if not parsed:
        raise CliError(f"--since: cannot read {since!r} as a date (use YYYY-MM-DD)", USAGE)
    return parsed
