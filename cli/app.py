"""The Typer application object that every command module attaches to."""
from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from akhbar.storage import ArchiveError

from .exitcodes import INTERRUPTED, USAGE, CliError
from .output import Output

app = typer.Typer(
    name="akhbar", add_completion=False, no_args_is_help=True,
    help="Scrape and archive news articles and their comments into SQLite.",
    pretty_exceptions_enable=False, rich_markup_mode=None)

F = TypeVar("F", bound=Callable[..., Any])


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version
        try:
            typer.echo(f"akhbar {version('akhbar')}")
        except PackageNotFoundError:
            typer.echo("akhbar (not installed)")
        raise typer.Exit()


@app.callback()
def _root(version: bool | None = typer.Option(
        None, "--version", callback=_version, is_eager=True,
        help="Show the version and exit.")) -> None:
    """akhbar: keep news articles and the comments under them."""


def guarded(func: F) -> F:
    """Turn CliError/ArchiveError/Ctrl-C into one stderr line and an exit code."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CliError as exc:
            Output().error(str(exc))
            raise typer.Exit(exc.code) from None
        except ArchiveError as exc:
            Output().error(str(exc))
            raise typer.Exit(USAGE) from None
        except sqlite3.DatabaseError as exc:
            Output().error(f"archive error: {exc} (the archive may be damaged; "
                           "try: sqlite3 ARCHIVE 'PRAGMA integrity_check')")
            raise typer.Exit(USAGE) from None
        except KeyboardInterrupt:
            Output().error("interrupted")
            raise typer.Exit(INTERRUPTED) from None
    return wrapper  # type: ignore[return-value]
