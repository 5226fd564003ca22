"""``akhbar load``'s pipeline: inputs → pages → extraction (``--jobs`` processes) → one writer.

The inputs are read in the main process, in order: the HTML responses of WARC
files and the rows of Parquet parts written by ``akhbar bulk`` (already
extracted); a page file is only named here, and read by the extraction worker
(``Task.path``), so that the one writer never copies its bytes. Pages go
through ``parallel.ExtractPool`` and come back in input order, so ``store``
saves, counts and reports them exactly as a single process would: the same
archive whatever ``--jobs`` is.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from akhbar.scrapers import Article
from akhbar.storage import ArchiveError, RawPage
from akhbar.storage.skips import WarcSkips

from .ingest import PageBatch, Summary
from .inputs import InputError, expand_paths, is_page_file, is_warc_name, read_page
from .output import Output
from .parallel import Outcome, Task
from .parquet_input import ScaleMissing, is_parquet_name, part_rows

JOBS_OPTION = typer.Option(
    None, "--jobs", "-j", min=1, show_default=False,
    help="Extraction processes (default: the number of usable CPUs; 1 extracts in this process).")


@dataclass
class Pending:
    """One input on its way to the archive (the pool's key), or the end of an input file."""

    where: str  # how the summary and messages name it
    raw: RawPage | None = None
    seen_at: str | None = None
    article: Article | None = None  # extracted already (a row of a ``bulk`` Parquet part)
    failure: str | None = None  # failed while reading: the reason for the summary
    message: str | None = None  # its line on stderr, when not "where: failure"
    page_file: bool = False  # a page file: notes and per-page lines are shown
    not_article: bool = False  # a bulk row judged no article (a front page, an empty shell)
    end_of_input: bool = False  # marks that an input file is done (progress bar)


Item = tuple[Pending, Task | None]


def expand_inputs(paths: list[str]) -> Iterator[str]:
    """Page files as ``expand_paths`` finds them, then the WARC files and Parquet parts of a folder.

    One walk of each folder finds both (in the order of ``expand_paths``, then
    sorted by name), not one walk each: every walk costs the one writer a
    ``stat`` per file.
    """
    for item in paths:
        if item == "-" or not Path(item).is_dir():
            yield from expand_paths([item])
            continue
        later = []
        for child in sorted(Path(item).rglob("*")):
            if not child.is_file():
                continue
            if is_page_file(child):
                yield str(child)
            elif is_warc_name(child.name) or is_parquet_name(child.name):
                later.append(str(child))
        yield from sorted(later)


def load_items(paths: list[str], url: str | None, skips: WarcSkips) -> Iterator[Item]:
    """Every page of every input, in order; after each input file, its end marker."""
    for item in expand_inputs(paths):
        if item != "-" and is_warc_name(item):
            yield from _warc_items(item, skips)
        elif item != "-" and is_parquet_name(item):
            yield from _parquet_items(item)
        else:
            yield _page_item(item, url)
        yield Pending(item, end_of_input=True), None


def _page_item(item: str, url: str | None) -> Item:
    """A page file, to be read where it is extracted; stdin is read here, the only time it can be."""
    if item == "-":
        try:
            data = read_page(item)
        except InputError as exc:
            return Pending(item, failure=str(exc), message=str(exc)), None
        return (Pending(item, RawPage(content=data, origin="stdin", url=url), page_file=True),
                Task(data, url, article_only=True, compress=True, prepare=True))
    try:
        size = os.stat(item).st_size  # for the pool's memory window only
    except OSError:
        size = 0  # missing or unreadable: the reader says so, in the page's place
    raw = RawPage(content=b"", origin="file:", url=url)  # the path resolved where it is read
    return (Pending(item, raw, page_file=True),
            Task(url=url, article_only=True, compress=True, prepare=True, path=item, size=size))


def _warc_items(item: str, skips: WarcSkips) -> Iterator[Item]:
    """Every HTML response of one WARC, each seen at its capture date."""
    from akhbar.storage.warc import read_pages  # warcio: only for WARC inputs
    path = Path(item)
    if not path.is_file():
        yield Pending(item, failure="no such file"), None
        return
    origin = f"warc:{path.resolve()}"
    try:
        with path.open("rb") as handle:
            for page in read_pages(handle, skips):
                raw = RawPage(content=page.content, origin=origin, url=page.url,
                              fetched_at=page.fetched_at or None, http_status=page.status,
                              headers=page.headers)
                yield (Pending(f"{item}@{page.offset} {page.url}", raw, page.fetched_at or None),
                       Task(page.content, page.url, page.charset, article_only=True,
                            compress=True, prepare=True))
    except ArchiveError as exc:  # unreadable from some record on: what came before is kept
        yield Pending(item, failure=str(exc)), None
    except OSError as exc:
        yield Pending(item, failure=f"cannot read ({exc.strerror or exc})"), None


def _parquet_items(item: str) -> Iterator[Item]:
    """The rows of a ``bulk`` part: extracted already, so no task for the pool."""
    try:
        for row in part_rows(item):
            yield Pending(row.where, row.raw, row.seen_at, row.article, row.failure,
                          not_article=row.not_article), None
    except ScaleMissing as exc:
        yield Pending(item, failure=str(exc)), None
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        yield Pending(item, failure=f"not a readable Parquet part ({' '.join(str(exc).split())[:160]})"), None


def store(results: Iterator[tuple[Pending, Outcome | None]], batch: PageBatch, summary: Summary,
          out: Output, advance: Callable[[], Any], skips: WarcSkips) -> None:
    """Save the extracted pages in input order, counting and reporting each one.

    A page file that is not an article fails (it was given to be archived); a
    WARC record that is not one (a crawl's front and section pages) is skipped
    and counted with the WARC's other skipped records.
    """
    for pending, outcome in results:
        if pending.end_of_input:
            advance()
            continue
        if not pending.page_file and (pending.not_article or outcome is not None and outcome.not_article):
            skips.add("pages that are not articles")
            continue
        if outcome is not None and pending.page_file:
            for text in outcome.notes:
                out.warn(f"{pending.where}: note: {text}")
        failure = pending.failure or (outcome.error if outcome is not None else None)
        article = pending.article or (outcome.article if outcome is not None else None)
        if failure is not None or article is None or pending.raw is None:
            failure = failure or "no record"
            summary.fail(pending.where, failure)
            unreadable = outcome is not None and outcome.unreadable  # the line names the file
            out.warn(pending.message or (failure if unreadable else f"{pending.where}: {failure}"))
            continue
        if outcome is not None:
            _take_outcome(pending.raw, outcome)
        batch.add(article, pending.raw, pending.seen_at,
                  _page_line(summary, out) if pending.page_file else summary.count)


def _take_outcome(raw: RawPage, outcome: Outcome) -> None:
    """What the extraction computed for the archive, onto the page's ``RawPage``."""
    if outcome.data is not None:  # read by the extraction, in this process
        raw.content = outcome.data
    if outcome.resolved is not None:
        raw.origin = f"file:{outcome.resolved}"
    if outcome.compressed is not None:
        raw.compressed, raw.sha256, raw.size = outcome.compressed, outcome.sha256, outcome.size
    if outcome.prepared is not None:
        raw.prepared = outcome.prepared  # the archive uses it only for this text


def _page_line(summary: Summary, out: Output) -> Callable[[Any], None]:
    def done(result: Any) -> None:
        summary.count(result)
        if not out.quiet and not out.json_mode and out.tty:
            out.err.print(f"{result.status:>9}  {result.url}", markup=False, highlight=False)
    return done
