"""The Datasette plugin behind ``akhbar serve``: pages, search, raw downloads, write refusal.

Registered by ``akhbar.cli.web.build`` only (never through an entry point),
so a plain ``datasette`` run on another database is not changed by it.

Routes (the first wins over Datasette's own):
- ``/``: search form, figures, newest articles, ways to browse;
- ``/-/search`` (``.json``, ``.csv``): ``akhbar search``'s results;
- ``/-/article/ID`` (``.json``): one article in reading layout;
- ``/-/raw/ID``: a stored page's original bytes, as a download only;
- ``/-/akhbar.css``: the stylesheet.
"""
from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Base400, NotFound, Response
from markupsafe import Markup, escape

from . import pages
from .facets import MonthFacet

PLUGIN = "akhbar"
# Actions of Datasette's write API (1.x) and of plugins that write: never granted here.
WRITE_ACTIONS = frozenset({"insert-row", "upsert-row", "update-row", "delete-row", "create-table",
                           "alter-table", "drop-table", "execute-write-sql", "set-column-type"})
RAW_HEADERS = {
    # Never a document of this origin: downloaded, not shown; if a browser showed it
    # anyway, the sandbox gives it an opaque origin with scripts off.
    "content-disposition": 'attachment; filename="{name}"',
    "content-security-policy": "sandbox",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
}


def _database(datasette: Any) -> str:
    return str((datasette.plugin_config(PLUGIN) or {})["database"])


class ReadOnly(Base400):
    status = 405


async def _allowed(datasette: Any, request: Any) -> str:
    """The archive's database name, after checking the method (GET/HEAD) and the actor's view rights."""
    if request.method not in ("GET", "HEAD"):
        raise ReadOnly(f"{request.method} is not allowed: this archive is served read-only")
    name = _database(datasette)
    await datasette.ensure_permissions(request.actor, [("view-database", name), "view-instance"])
    return name


async def _render(datasette: Any, request: Any, template: str, context: dict[str, Any]) -> Response:
    name = _database(datasette)
    context = {"archive": name, "archive_url": datasette.urls.database(name), **context}
    return Response.html(await datasette.render_template(template, context, request=request))


async def home_view(datasette: Any, request: Any) -> Response:
    name = await _allowed(datasette, request)
    data = await datasette.get_database(name).execute_fn(pages.home)
    return await _render(datasette, request, "akhbar_home.html", data)


async def search_view(datasette: Any, request: Any) -> Response:
    name = await _allowed(datasette, request)
    query = (request.args.get("q") or "").strip()
    limit = _int(request.args.get("limit"), pages.SEARCH_LIMIT, 1, 1000)
    fmt = request.url_vars.get("format")
    if query:
        data = await datasette.get_database(name).execute_fn(
            lambda conn: pages.search(conn, query, limit))
    else:
        data = {"query": "", "match": None, "hits": []}
    if fmt == "json":
        hits = [{k: v for k, v in hit.items() if k not in ("pieces", "shown_url")} for hit in data["hits"]]
        return Response.json({**data, "hits": hits}, default=str)
    if fmt == "csv":
        return _csv(data["hits"])
    return await _render(datasette, request, "akhbar_search.html", {**data, "limit": limit})


def _csv(hits: list[dict[str, Any]]) -> Response:
    columns = ["id", "url", "site", "headline", "published", "language", "snippet", "score"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(hits)
    return Response(buffer.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="search.csv"'})


async def article_view(datasette: Any, request: Any) -> Response:
    name = await _allowed(datasette, request)
    article_id = int(request.url_vars["id"])
    page = await datasette.get_database(name).execute_fn(lambda conn: pages.article(conn, article_id))
    if page is None:
        raise NotFound(f"no archived article {article_id}")
    if request.url_vars.get("format") == "json":
        return Response.json(pages.article_json(page), default=str)
    return await _render(datasette, request, "akhbar_article.html", page)


async def raw_view(datasette: Any, request: Any) -> Response:
    name = await _allowed(datasette, request)
    await datasette.ensure_permissions(request.actor, [("view-table", (name, "raw_pages"))])
    raw_id = int(request.url_vars["id"])
    found = await datasette.get_database(name).execute_fn(lambda conn: pages.raw_bytes(conn, raw_id))
    if found is None:
        raise NotFound(f"no stored page {raw_id}")
    content, _url = found
    headers = {k: v.format(name=f"akhbar-raw-{raw_id}.html") for k, v in RAW_HEADERS.items()}
    return Response(content, content_type="application/octet-stream", headers=headers)


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(text))) if text else default
    except ValueError:
        return default


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return [
        (r"^/$", home_view),
        (r"^/-/search(\.(?P<format>json|csv))?$", search_view),
        (r"^/-/article/(?P<id>[0-9]{1,18})(\.(?P<format>json))?$", article_view),
        (r"^/-/raw/(?P<id>[0-9]{1,18})$", raw_view),
        (r"^/-/akhbar\.css$", css_view),
    ]


@hookimpl
def prepare_connection(conn: Any) -> None:
    """akhbar's query analysis in SQL too: ``WHERE articles_fts MATCH akhbar_match(:q)``."""
    conn.create_function("akhbar_match", 1, pages.match_expression, deterministic=True)


@hookimpl
def register_facet_classes() -> list[type]:
    return [MonthFacet]


@hookimpl
def permission_allowed(action: str) -> bool | None:
    """The archive is read-only here whoever asks (``--root`` included)."""
    return False if action in WRITE_ACTIONS else None


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path("/-/akhbar.css")]


async def css_view() -> Response:
    css = resources.files(__package__).joinpath("akhbar.css").read_text("utf-8")
    return Response(css, content_type="text/css; charset=utf-8",
                    headers={"cache-control": "max-age=3600"})


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                datasette: Any) -> Any:
    """Headlines link to the article page; raw page bytes to their download."""
    if database != _database(datasette):
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    if table == "articles" and column == "headline" and "id" in keys and value:
        href = datasette.urls.path(f"/-/article/{row['id']}")
        return Markup(f'<a href="{escape(href)}" dir="auto">{escape(value)}</a>')
    if table == "raw_pages" and column == "content" and "id" in keys:
        href = datasette.urls.path(f"/-/raw/{row['id']}")
        return Markup(f'<a href="{escape(href)}" download>original bytes ({len(value or b"")} '
                      "bytes compressed)</a>")
    return None
