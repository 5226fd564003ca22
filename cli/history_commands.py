"""Commands over the archive's history: history, comments, dupes, reextract."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.text import Text

from akhbar.storage.dupes import SketchIndex

from .app import app, guarded
from .common import DB_OPTION, JSON_OPTION, WAIT_OPTION, open_archive, since_date, writable_archive
from .exitcodes import OK, SOME_FAILED, USAGE, CliError
from .loading import JOBS_OPTION
from .output import Output, is_rtl
from .parallel import ExtractPool, Task, default_jobs

ID_ARGUMENT = typer.Argument(..., help="Article id, URL or alias URL.")
STYLES = {"delete": "red strike", "insert": "green bold", "equal": None}


def _resolve(archive: Any, id_or_url: str) -> int:
    article_id = archive.resolve(id_or_url)
    if article_id is None:
        raise CliError(f"no archived article {id_or_url!r}", SOME_FAILED)
    return article_id


# -- history ------------------------------------------------------------------------


@app.command("history")
@guarded
def history_cmd(id_or_url: str = ID_ARGUMENT,
                diff: bool = typer.Option(False, "--diff",
                                          help="Show what changed between consecutive versions, "
                                               "word by word."),
                db: Path | None = DB_OPTION, json_out: bool = JSON_OPTION) -> None:
    """List the versions of an article (each distinct headline/body seen, oldest first)."""
    with open_archive(db) as archive:
        versions = archive.versions(_resolve(archive, id_or_url))
    out = Output(json_out)
    for previous, version in zip([None, *versions], versions, strict=False):
        changes = _changes(previous, version) if diff and previous else None
        if json_out:
            row = dict(version)
            if changes is not None:
                row["diff"] = changes
            out.json_line(row)
            continue
        _print_version(out, version)
        if changes is not None:
            _print_changes(out, changes)


def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    from akhbar.storage.textdiff import body_diff, word_segments  # only for --diff
    headline = None
    if (old["headline"] or "") != (new["headline"] or ""):
        headline = word_segments(old["headline"] or "", new["headline"] or "")
    paragraphs = [{"old_paragraph": p.old_number, "new_paragraph": p.new_number,
                   "segments": [{"op": op, "text": text} for op, text in p.segments],
                   "marked": p.marked()}
                  for p in body_diff(old["body"], new["body"])]
    return {"headline": [{"op": op, "text": t} for op, t in headline] if headline else None,
            "paragraphs": paragraphs}


def _print_version(out: Output, version: dict[str, Any]) -> None:
    current = "  (current)" if version["current"] else ""
    words = len(version["body"].split())
    out.line(f"version {version['version']}{current}: seen {version['first_seen']} .. "
             f"{version['last_seen']}, {words} words, hash {version['content_hash'][:12]}")
    out.line(f"  headline: {version['headline'] or ''}")


def _print_changes(out: Output, changes: dict[str, Any]) -> None:
    if changes["headline"]:
        _print_segments(out, "  headline ~ ", [(s["op"], s["text"]) for s in changes["headline"]])
    if not changes["paragraphs"] and not changes["headline"]:
        out.line("  (no change in the body text)")
    for para in changes["paragraphs"]:
        where = (f"¶{para['new_paragraph']}" if para["new_paragraph"]
                 else f"¶{para['old_paragraph']} (old)")
        _print_segments(out, f"  {where}: ", [(s["op"], s["text"]) for s in para["segments"]])
    out.line("")


def _print_segments(out: Output, label: str, segments: list[tuple[str, str]]) -> None:
    """Markers always; colours as well on a terminal. Text stays in logical order."""
    if not out.tty:
        from akhbar.storage.textdiff import mark
        out.line(label + mark(segments))
        return
    plain = " ".join(t for _, t in segments)
    text = Text(label)
    for i, (op, part) in enumerate(segments):
        if i:
            text.append(" ")
        marked = part if op == "equal" else (f"[-{part}-]" if op == "delete" else f"{{+{part}+}}")
        text.append(marked, style=STYLES[op])
    text.justify = "right" if is_rtl(plain) else "left"
    out.console.print(text)


# -- comments ------------------------------------------------------------------------


@app.command("comments")
@guarded
def comments_cmd(id_or_url: str = ID_ARGUMENT,
                 removed: bool = typer.Option(False, "--removed",
                                              help="Only comments no longer on the page (removed_at set)."),
                 all_: bool = typer.Option(False, "--all", help="Present and removed comments."),
                 db: Path | None = DB_OPTION, json_out: bool = JSON_OPTION) -> None:
    """An article's comments with when each was first and last seen (present ones by default)."""
    if removed and all_:
        raise CliError("--removed and --all exclude each other", USAGE)
    which = "removed" if removed else "all" if all_ else "present"
    with open_archive(db) as archive:
        rows = archive.comment_history(_resolve(archive, id_or_url), which)
    out = Output(json_out)
    if out.json_rows(rows, f"no {'removed ' if removed else ''}comments"):
        return
    for row in rows:
        reply = f" reply to #{row['parent']}" if row["parent"] is not None else ""
        gone = f" REMOVED {row['removed_at']}" if row["removed_at"] else ""
        out.line(f"#{row['index']} {row['author'] or '?'} {row['published'] or ''}{reply} "
                 f"[seen {row['first_seen']} .. {row['last_seen']}]{gone}")
        out.line("  " + " ".join((row["text"] or "").split()))


# -- dupes ------------------------------------------------------------------------


@app.command("dupes")
@guarded
def dupes_cmd(threshold: float = typer.Option(0.8, "--threshold", min=0.05, max=1.0,
                                              help="Minimum similarity (0-1): the larger of Jaccard "
                                                   "and containment over word 3-shingles."),
              db: Path | None = DB_OPTION, json_out: bool = JSON_OPTION,
              wait: bool = WAIT_OPTION) -> None:
    """Near-duplicate articles (edited copies, reposts by other sites) with their similarity."""
    with writable_archive(db, wait) as archive:
        SketchIndex(archive.db).backfill()  # archives from before sketches existed
        rows = [_pair_row(archive, pair) for pair in SketchIndex(archive.db).pairs(threshold)]
    rows.sort(key=lambda r: (-r["similarity"], r["a"]["id"], r["b"]["id"]))
    out = Output(json_out)
    if out.json_rows(rows, f"no near-duplicates at similarity >= {threshold}"):
        return
    out.table(["similarity", "jaccard", "containment", "id", "site", "id", "site", "headline"],
              [[f"{r['similarity']:.2f}", f"{r['jaccard']:.2f}", f"{r['containment']:.2f}",
                r["a"]["id"], r["a"]["site"], r["b"]["id"], r["b"]["site"], r["a"]["headline"]]
               for r in rows])


def _pair_row(archive: Any, pair: Any) -> dict[str, Any]:
    def brief(article_id: int) -> dict[str, Any]:
        url, site, headline = archive.db.conn.execute(
            "SELECT url, site, headline FROM articles WHERE id = ?", (article_id,)).fetchone()
        return {"id": article_id, "url": url, "site": site, "headline": headline}
    return {"similarity": round(pair.similarity, 3), "jaccard": pair.jaccard,
            "containment": pair.containment, "a": brief(pair.a), "b": brief(pair.b)}


# -- reextract ------------------------------------------------------------------------


@app.command("reextract")
@guarded
def reextract_cmd(site: str | None = typer.Option(None, "--site", help="Only articles of this host."),
                  since: str | None = typer.Option(None, "--since",
                                                   help="Only pages fetched on or after this date, "
                                                        "YYYY-MM-DD."),
                  db: Path | None = DB_OPTION, json_out: bool = JSON_OPTION,
                  wait: bool = WAIT_OPTION,
                  quiet: bool = typer.Option(False, "--quiet", "-q",
                                             help="Print only the summary line."),
                  jobs: int | None = JOBS_OPTION) -> None:
    """Re-run today's extractors over the stored raw pages and update the records in place."""
    from akhbar.storage.reextract import Target, apply, count_without_raw, targets
    since = since_date(since)
    out = Output(json_out, quiet)
    counts = {"changed": 0, "unchanged": 0, "failed": 0, "without_raw_page": 0}
    with writable_archive(db, wait) as archive, ExtractPool[Target](jobs or default_jobs()) as pool:
        pages = ((t, Task(t.content, t.url, t.charset)) for t in targets(archive, site, since))
        for target, outcome in pool.ordered(pages):  # stored in id order, whatever --jobs
            if outcome is None or outcome.article is None:
                counts["failed"] += 1
                out.warn(f"article {target.article_id} ({target.url}): "
                         f"{outcome.error if outcome else 'no record'}")
                continue
            changed = apply(archive, target, outcome.article)
            counts["changed" if changed else "unchanged"] += 1
            if changed and not quiet and not json_out:
                out.warn(f"changed  {target.article_id}  {target.url}")
        if not site and not since:
            counts["without_raw_page"] = count_without_raw(archive)
    if json_out:
        out.json_line(counts)
    else:
        out.line(f"{counts['changed']} changed, {counts['unchanged']} unchanged, "
                 f"{counts['failed']} failed; {counts['without_raw_page']} without a raw page")
    raise typer.Exit(SOME_FAILED if counts["failed"] else OK)
