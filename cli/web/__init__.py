"""``akhbar serve``'s web interface: Datasette on the archive, configured by akhbar.

Everything it needs ships in this package: the plugin (``plugin.py``), its
templates (``akhbar_*.html``), a stylesheet (``akhbar.css``) and the metadata
(``metadata.json``: table descriptions, hidden tables, default facets), all in
the package folder itself (a data subfolder would look like an unlisted
package to setuptools). The user writes no file.

Read-only: Datasette opens a file it is given as mutable with ``mode=ro``
connections only, so SQLite itself refuses any write a query attempts;
Datasette accepts only SELECT statements; the plugin denies every write
permission. Immutable mode (``?immutable=1``) is *not* used, because SQLite
then ignores the write-ahead log: on an archive that a cron job is writing,
it showed neither the latest commits nor, until a checkpoint, even new
tables (see ``docs/web.md``).
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def metadata(database: str) -> dict[str, Any]:
    """The shipped ``metadata.json``, its per-database part under ``database``'s name."""
    shipped = json.loads(resources.files(__package__).joinpath("metadata.json").read_text("utf-8"))
    tables = shipped.pop("tables")
    plugins = {"akhbar": {"database": database}}
    return {**shipped, "plugins": plugins, "databases": {database: {"tables": tables}}}


def build(path: Path) -> Any:
    """A Datasette instance serving the archive at ``path`` read-only (plugin registered)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from . import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="akhbar")
    _quiet_error_pages()
    name = path.stem or "archive"
    return Datasette(
        [str(path)], metadata=metadata(name), template_dir=str(HERE),
        settings={"default_page_size": 50, "sql_time_limit_ms": 3000, "facet_time_limit_ms": 500},
        cors=False)


def _quiet_error_pages() -> None:
    """Stop Datasette 0.65 printing a rich traceback (with local variables) for every error page.

    Besides filling the terminal for each 404, it fails outright with the
    current rich when there is no exception being handled (an unknown URL,
    a POST to a write endpoint): rich raises ``ValueError`` and the 404 or
    405 became a 500. Datasette prints nothing when rich is absent, so it is
    told rich is absent; error pages are unchanged.
    """
    from datasette import handle_exception

    handle_exception.rich = None
