"""Commands over saved pages and the archive: extract, load, list, show, search, export, stats."""
from __future__ import annotations

import csv
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import typer

from akhbar.scrapers import Article
from akhbar.storage import BULK_BATCH_PAGES
from akhbar.storage.skips import WarcSkips

from .app import app, guarded
from .common import DB_OPTION, JSON_OPTION, WAIT_OPTION, open_archive, since_date, writable_archive
from .exitcodes import OK, SOME_FAILED, USAGE, CliError
from .ingest import PageBatch, Summary
from .inputs import InputError, expand_paths, read_page
from .loading import JOBS_OPTION, Pending, expand_inputs, load_items, store
from .output import Output
from .parallel import ExtractPool, Task, default_jobs
from .render import print_article, print_hits, print_listing, print_stats

URL_OPTION = typer.Option(None, "--url", help="The page's URL (when the page does not name it).")


def _single_url(url: str | None, items: list[str]) -> None:
    if url and len(items) > 1:
        raise CliError("--url applies to one page; give one PAGE with it", USAGE)


@app.command("extract")
@guarded
def extract_cmd(pages: list[str] = typer.Argument(...,
                                                  help="Page files (.html, .htm, .html.gz) or - for stdin."),
                url: str | None = URL_OPTION, json_out: bool = JSON_OPTION,
                jobs: int | None = JOBS_OPTION) -> None:
    """Extract the article record from saved pages without storing them."""
    items = list(expand_paths(pages))
    _single_url(url, items)
    out, failed = Output(json_out), 0
    with ExtractPool[str](jobs or default_jobs()) as pool:
        for item, outcome in pool.ordered(_extract_tasks(items, url)):
            if outcome is None or outcome.article is None:
                message = item if outcome is None else f"{item}: {outcome.error}"
                out.error(message)
                failed += 1
                continue
            if json_out:
                out.json_line(outcome.article.to_dict())
            else:
                print_article(out, outcome.article.to_dict())
    raise typer.Exit(SOME_FAILED if failed else OK)


def _extract_tasks(items: list[str], url: str | None) -> Any:
    """``(name, Task)`` per page; a page that cannot be read is ``(its error line, None)``."""
    for item in items:
        try:
            yield item, Task(read_page(item), url)
        except InputError as exc:
            yield str(exc), None


@app.command("load")
@guarded
def load_cmd(paths: list[str] = typer.Argument(...,
                                               help="Page files, WARC files (.warc, .warc.gz), "
                                                    "Parquet parts of 'akhbar bulk' (.parquet), "
                                                    "folders (recursive), or - for stdin."),
             url: str | None = URL_OPTION, db: Path | None = DB_OPTION,
             json_out: bool = JSON_OPTION, wait: bool = WAIT_OPTION,
             quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary line."),
             batch_pages: int = typer.Option(
                 BULK_BATCH_PAGES, "--batch", min=1,
                 help="Pages saved per transaction (also at most one second's work); "
                      "1 commits each page on its own."),
             jobs: int | None = JOBS_OPTION) -> None:
    """Extract saved pages (or the HTML responses inside WARC files) and store them (deduplicated)."""
    # Inputs are streamed, never listed: memory must not grow with their number.
    first_two = list(itertools.islice(expand_inputs(paths), 2))
    _single_url(url, first_two)
    if not first_two:
        raise CliError("no page files found in the given paths", SOME_FAILED)
    out, summary, skips = Output(json_out, quiet), Summary(), WarcSkips()
    bar = not (quiet or json_out) and sys.stderr.isatty()  # count only for a progress bar
    total = sum(1 for _ in expand_inputs(paths)) if bar else None
    with ExtractPool[Pending](jobs or default_jobs()) as pool:
        run = pool.begin(load_items(paths, url, skips))
        # Under the lock (the inputs are read only then), the workers start on the first
        # pages while the archive is opened, before a progress bar's thread runs.
        with writable_archive(db, wait, before_open=run.start) as archive, \
                out.progress(total, "loading") as advance:
            batch = PageBatch(archive, batch_pages)  # an interrupt loses only the batch in hand
            store(run.outcomes(idle=batch.save_if_due, drain=batch.save),
                  batch, summary, out, advance, skips)
            batch.save()
    if json_out:
        out.json_line(summary.to_dict())
    else:
        out.line(summary.line())
    if skips.counts:
        out.warn(f"WARC records skipped: {skips.line()}")
    raise typer.Exit(SOME_FAILED if summary.failed else OK)


@app.command("list")
@guarded
def list_cmd(site: str | None = typer.Option(None, "--site", help="Only this host."),
             since: str | None = typer.Option(None, "--since",
                                              help="Published (or first seen) on or after this "
                                                   "date, YYYY-MM-DD."),
             limit: int = typer.Option(50, "--limit", min=1, help="At most this many rows."),
             db: Path | None = DB_OPTION, json_out: bool = JSON_OPTION) -> None:
    """List archived articles, newest first."""
    since = since_date(since)
    with open_archive(db) as archive:
        rows = archive.list_articles(site=site, since=since, limit=limit)
    out = Output(json_out)
    if not out.json_rows(rows):
        print_listing(out, rows)


@app.command("show")
@guarded
def show_cmd(id_or_url: str = typer.Argument(..., help="Article id, URL or alias URL."),
             db: Path | None = DB_OPTION, json_out: bool = JSON_OPTION) -> None:
    """Show one archived article with its comments."""
    with open_archive(db) as archive:
        article_id = archive.resolve(id_or_url)
        if article_id is None:
            raise CliError(f"no archived article {id_or_url!r}", SOME_FAILED)
        record = archive.record(article_id)
        aliases = archive.aliases(article_id)
    if record is None:  # removed between resolve and read (another process)
        raise CliError(f"no archived article {id_or_url!r}", SOME_FAILED)
    out = Output(json_out)
    if json_out:
        out.json_line(record)
    else:
        print_article(out, record, aliases=aliases)


@app.command("search")
@guarded
def search_cmd(query: str = typer.Argument(...,
                                           help="Words to find, in any form (للمغرب finds "
                                                "المغرب, navire finds navires). \"a phrase\", "
                                                "word*, OR, -word work."),
               limit: int = typer.Option(20, "--limit", min=1), db: Path | None = DB_OPTION,
               exact: bool = typer.Option(False, "--exact",
                                          help="Match the words as typed (spelling variants "
                                               "folded, no stemming)."),
               json_out: bool = JSON_OPTION) -> None:
    """Full-text search over headlines, bodies and comments (see docs/search.md)."""
    with open_archive(db) as archive:
        hits = archive.search(query, limit=limit, exact=exact)
    out = Output(json_out)
    if json_out:
        for hit in hits:
            out.json_line(hit.to_dict())
    else:
        print_hits(out, hits)


@app.command("export")
@guarded
def export_cmd(fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv or warc."),
               output: Path | None = typer.Option(None, "--output", "-o",
                                                  help="File to write (default: stdout; required for warc)."),
               db: Path | None = DB_OPTION) -> None:
    """Export every archived record (JSON Lines, CSV), or the stored raw pages as WARC/1.1."""
    if fmt not in ("jsonl", "csv", "warc"):
        raise CliError(f"--format must be jsonl, csv or warc, not {fmt!r}", USAGE)
    if fmt == "warc":
        _export_warc(db, output)
        return
    with open_archive(db) as archive:
        try:
            handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        except OSError as exc:
            raise CliError(f"cannot write {output}: {exc.strerror}", USAGE) from None
        try:
            count = _export(archive.iter_records(), fmt, handle)
        finally:
            if output:
                handle.close()
    if output:
        Output().warn(f"exported {count} articles to {output}")


def _export_warc(db: Path | None, output: Path | None) -> None:
    """Raw pages as WARC response records; gzip per record when the name ends in .gz."""
    if output is None:
        raise CliError("--format warc needs --output FILE (.warc or .warc.gz)", USAGE)
    from akhbar.storage.warc import WarcExporter, iter_raw_pages  # warcio: only for this format
    with open_archive(db) as archive:
        try:
            handle = output.open("wb")
        except OSError as exc:
            raise CliError(f"cannot write {output}: {exc.strerror}", USAGE) from None
        count = 0
        with handle:
            exporter = WarcExporter(handle, gzip=output.name.lower().endswith(".gz"),
                                    filename=output.name)
            for url, fetched_at, status, headers, content in iter_raw_pages(archive.db.conn):
                exporter.write(url, fetched_at, status, headers, content)
                count += 1
    Output().warn(f"exported {count} raw pages to {output}")


CSV_COLUMNS = ["id", "url", "site", "headline", "source", "author", "published", "language",
               "body", "comments_enabled", "comment_notice", "comment_count", "comments",
               "related", "first_seen", "last_seen", "content_hash"]


def _export(records: Any, fmt: str, handle: Any) -> int:
    count = 0
    writer = csv.DictWriter(handle, CSV_COLUMNS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for record in records:
        if writer:
            row = {k: record.get(k) for k in CSV_COLUMNS}
            row["comments"] = json.dumps(record["comments"], ensure_ascii=False)
            row["related"] = json.dumps(record["related"], ensure_ascii=False)
            writer.writerow(row)
        else:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


@app.command("stats")
@guarded
def stats_cmd(db: Path | None = DB_OPTION, json_out: bool = JSON_OPTION,
              days: int = typer.Option(30, "--days", min=1, max=3660,
                                       help="Chart this many days, ending today (UTC)."),
              by: str = typer.Option("seen", "--by",
                                     help="Count each day's articles and comments by when akhbar "
                                          "first saw them (seen) or by their published date "
                                          "(published).")) -> None:
    """Counts (articles, aliases, comments, raw pages, per site) and a chart of the last days.

    The chart draws articles and comments per day, in total and per site, as
    Unicode block sparklines (also when piped, so a cron mail shows it);
    ``--json`` gives the same series under ``per_day``.
    """
    if by not in ("seen", "published"):
        raise CliError(f"--by: {by!r} is not one of seen, published", USAGE)
    with open_archive(db) as archive:
        stats = archive.stats()
        daily = archive.daily_counts(days, by)
    out = Output(json_out)
    if json_out:
        out.json_line({**stats, "per_day": daily})
    else:
        print_stats(out, stats, daily)


__all__ = ["Article"]
