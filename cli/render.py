"""Human-readable views of records, listings, search hits and stats.

On a terminal: rich panels and tables. Piped: plain text, one field per line,
so ``grep``/``awk`` work and nothing depends on terminal width.
"""
from __future__ import annotations

from typing import Any

from rich.console import JustifyMethod
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from .output import Output, is_rtl


def display_url(url: str | None) -> str | None:
    """Percent-encoded Arabic paths shown as readers see them (the key stays encoded)."""
    if not url:
        return url
    from urllib.parse import unquote
    try:
        shown = unquote(url, errors="strict") if "%" in url else url
    except UnicodeDecodeError:
        return url
    return shown if shown.isprintable() and " " not in shown else url


def _fields(record: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = [("url", display_url(record.get("url"))), ("site", record.get("site")),
             ("headline", record.get("headline")), ("source", record.get("source")),
             ("author", record.get("author")), ("published", record.get("published")),
             ("language", record.get("language")),
             ("comments", f"{len(record.get('comments') or [])} shown, count {record.get('comment_count')}, "
                          f"form {'yes' if record.get('comments_enabled') else 'no'}"),
             ("comment notice", record.get("comment_notice")),
             ("related", str(len(record.get("related") or [])))]
    for name in ("id", "first_seen", "last_seen"):
        if name in record:
            pairs.append((name, str(record[name])))
    return [(k, str(v)) for k, v in pairs if v not in (None, "")]


def print_article(out: Output, record: dict[str, Any], aliases: list[str] | None = None) -> None:
    fields = _fields(record) + [("alias", a) for a in aliases or []]
    if not out.tty:
        for key, value in fields:
            out.line(f"{key}: {value}")
        out.line("")
        out.line(record.get("body") or "")
        for i, comment in enumerate(record.get("comments") or []):
            reply = f" (reply to #{comment['parent']})" if comment.get("parent") is not None else ""
            out.line(f"\n#{i} {comment.get('author') or '?'} {comment.get('published') or ''}{reply}")
            out.line(comment.get("text") or "")
        return
    out.console.print(out_table(fields))
    body = record.get("body") or "(no body text)"
    out.console.print(Panel(Text(body, justify="right" if is_rtl(body) else "left"),
                            title=escape(record.get("headline") or "")))
    for i, comment in enumerate(record.get("comments") or []):
        reply = f" ↳ #{comment['parent']}" if comment.get("parent") is not None else ""
        head = f"#{i} {comment.get('author') or '?'}  {comment.get('published') or ''}{reply}"
        text = comment.get("text") or ""
        out.console.print(Panel(Text(text, justify="right" if is_rtl(text) else "left"),
                                title=escape(head), title_align="left"))


def out_table(fields: list[tuple[str, str]]) -> Any:
    from rich.table import Table
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in fields:
        table.add_row(key, Text(value, justify="right" if is_rtl(value) else "left"))
    return table


def print_listing(out: Output, rows: list[dict[str, Any]]) -> None:
    if not rows and out.tty:
        out.line("(no articles)")
    out.table(["id", "published", "site", "headline", "comments"],
              [[r["id"], (r["published"] or "")[:16], r["site"], r["headline"], r["comments"]]
               for r in rows])


def print_hits(out: Output, hits: list[Any]) -> None:
    if not hits:
        if out.tty:
            out.line("(no matches)")
        return
    if not out.tty:
        for hit in hits:
            out.line(f"{hit.id}\t{display_url(hit.url)}\t{hit.headline or ''}\t{hit.snippet or ''}")
        return
    from rich.table import Table
    table = Table()
    for name in ("id", "headline", "snippet"):
        table.add_column(name, overflow="fold")
    for hit in hits:
        snippet = _highlight(hit.snippet or "")
        justify: JustifyMethod = "right" if is_rtl(hit.headline) else "left"
        table.add_row(str(hit.id), Text(hit.headline or "", justify=justify), snippet)
    out.console.print(table)


def _highlight(snippet: str) -> Text:
    """Render the ``[match]`` marks of a snippet in bold."""
    text = Text(justify="right" if is_rtl(snippet) else "left")
    depth_open = False
    for part in snippet.replace("]", "[").split("["):
        text.append(part, style="bold reverse" if depth_open else None)
        depth_open = not depth_open
    return text


def print_stats(out: Output, stats: dict[str, Any], daily: dict[str, Any] | None = None) -> None:
    rows = [[k, v] for k, v in stats.items() if k not in ("sites", "per_day")]
    rows += [[f"site {site}", count] for site, count in stats["sites"].items()]
    out.table(["what", "count"], rows)
    if daily:
        for line in daily_chart(daily):
            out.line(line)


BLOCKS = "▁▂▃▄▅▆▇█"
ZERO = "·"  # a day with nothing: visibly different from a day with a little
CHART_SITES = 8  # sites drawn one by one; the rest share one line
CHART_WIDTH = 60  # at most this many characters a line: a longer span puts several days in one


def sparkline(values: list[int], top: int | None = None) -> str:
    """One character per value: ``·`` for 0, else ``▁``..``█`` scaled to ``top`` (default: the max).

    Any count above zero gets at least ``▁``, so a quiet day never looks like a missing one.
    """
    top = max(values, default=0) if top is None else top
    if top <= 0:
        return ZERO * len(values)
    steps = len(BLOCKS)
    return "".join(ZERO if v <= 0 else BLOCKS[min(steps - 1, max(0, -(-v * steps // top) - 1))]
                   for v in values)


def daily_chart(daily: dict[str, Any], width: int = CHART_WIDTH) -> list[str]:
    """Plain-text lines charting ``ArchiveReader.daily_counts``: a sparkline per site and in total.

    Plain characters only (no colour, no cursor movement), so the chart reads
    the same on a terminal, in a pipe and in a cron mail. Each line is scaled
    to its own busiest day (given at the end of the line): the shape of each
    site's days, not a comparison of sizes, which the totals give. More days
    than ``width`` are drawn several days to a character (summed), so a line
    never outgrows a mail or a terminal; the totals still count single days.
    """
    days: list[str] = daily["days"]
    if not days:
        return []
    step = -(-len(days) // width)
    when = "first seen, UTC" if daily.get("by") == "seen" else "published date as printed"
    per = f"; each mark {step} days" if step > 1 else ""
    lines: list[str] = []
    for kind in ("articles", "comments"):
        series = daily[kind]
        rows = [("all sites", series["total"])] + _site_rows(series["sites"])
        label_width = max(len(label) for label, _ in rows)
        lines.append("")
        lines.append(f"{kind} per day, {days[0]} to {days[-1]} ({when}{per})")
        for label, values in rows:
            marks = sparkline([sum(values[i:i + step]) for i in range(0, len(values), step)])
            lines.append(f"  {label.ljust(label_width)}  {marks}  "
                         f"{sum(values):>7} total, {max(values, default=0):>5} max/day")
        axis_left, axis_right = days[0][5:], days[-1][5:]
        gap = max(1, -(-len(days) // step) - len(axis_left) - len(axis_right))
        lines.append(f"  {' ' * label_width}  {axis_left}{' ' * gap}{axis_right}")
    return lines


def _site_rows(sites: dict[str, list[int]]) -> list[tuple[str, list[int]]]:
    items = list(sites.items())
    rows = [(display_url(site) or site, values) for site, values in items[:CHART_SITES]]
    rest = items[CHART_SITES:]
    if rest:
        summed = [sum(day) for day in zip(*(values for _, values in rest), strict=True)]
        rows.append((f"({len(rest)} other sites)", summed))
    return rows
