"""Rendering: rich on a terminal, plain text or JSON Lines when piped or under cron.

Colours follow rich's rules (``NO_COLOR`` and ``TERM=dumb`` are honoured);
progress bars are shown only when stderr is a terminal. Right-to-left cells are
right-aligned so Arabic headlines read naturally in a table.
"""
from __future__ import annotations

import contextlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rich.console import Console


def is_rtl(text: str | None) -> bool:
    """True when most letters of ``text`` are right-to-left (Arabic, Hebrew...)."""
    if not text:
        return False
    rtl = ltr = 0
    for char in text[:200]:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return rtl > ltr


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(message: str) -> str:
    """Messages quote file names and page text: keep them on one line, no escapes."""
    return _CONTROL.sub(lambda m: "\\n" if m.group() == "\n" else " ", message)


class Output:
    def __init__(self, json_mode: bool = False, quiet: bool = False):
        self.json_mode = json_mode
        self.quiet = quiet
        self.console = Console(soft_wrap=not sys.stdout.isatty())
        self.err = Console(stderr=True)
        self.tty = sys.stdout.isatty()

    def json_line(self, obj: Any) -> None:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")

    def json_rows(self, rows: Iterable[Any], empty: str = "") -> bool:
        """The shared start of a listing command's output.

        In ``--json`` mode, write one JSON line per row and return True: the
        caller is done. Otherwise return False, after saying ``(empty)`` on a
        terminal when there are no rows (piped output stays empty).
        """
        if self.json_mode:
            for row in rows:
                self.json_line(row)
            return True
        if empty and not rows and self.tty:
            self.line(f"({empty})")
        return False

    def line(self, text: str = "") -> None:
        if self.tty:
            self.console.print(text, markup=False, highlight=False)
        else:
            sys.stdout.write(text + "\n")

    def error(self, message: str) -> None:
        """One line on stderr; never markup-interpreted (messages quote user input)."""
        sys.stderr.write(f"akhbar: {one_line(message)}\n")

    def warn(self, message: str) -> None:
        if not self.quiet:
            sys.stderr.write(f"akhbar: {one_line(message)}\n")

    def table(self, columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None) -> None:
        """A rich table on a terminal; tab-separated lines otherwise."""
        rows = [["" if v is None else str(v) for v in row] for row in rows]
        if not self.tty:
            for row in rows:
                sys.stdout.write("\t".join(v.replace("\t", " ").replace("\n", " ") for v in row) + "\n")
            return
        from rich.table import Table  # only on a terminal: not every command's start-up
        table = Table(title=title, show_lines=False)
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*[_cell(v) for v in row])
        self.console.print(table)

    @contextlib.contextmanager
    def progress(self, total: int | None, label: str) -> Iterator[Any]:
        """Yields ``advance()``; a live bar only on a terminal."""
        if self.quiet or self.json_mode or not sys.stderr.isatty() or not total or total < 2:
            yield lambda n=1: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                      console=self.err, transient=True) as bar:
            task = bar.add_task(label, total=total, rate="")

            def advance(n: int = 1) -> None:
                bar.advance(task, n)
                speed = bar.tasks[0].speed
                bar.update(task, rate=f"{speed:.0f}/s" if speed else "")
            yield advance


def _cell(value: str) -> Any:
    from rich.text import Text
    return Text(value, justify="right" if is_rtl(value) else "left")
