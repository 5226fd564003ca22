"""The ``akhbar`` console script: the app with all commands, and its error boundary.

``main()`` runs the app in non-standalone mode so that usage errors, too,
become one line on stderr with exit code 2 (see ``exitcodes.py``) instead of
click's multi-line usage block, and an unexpected exception becomes one line
with exit code 70 instead of a traceback (``AKHBAR_DEBUG=1`` shows it).
"""
from __future__ import annotations

import os
import signal
import sys

from typer.exceptions import Abort, TyperException

from . import archive_commands, bulk, fetch_commands, history_commands, serve  # noqa: F401  (register commands)
from .app import app
from .exitcodes import INTERNAL, INTERRUPTED, USAGE
from .output import Output

__all__ = ["app", "main"]


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _sigterm_as_interrupt() -> None:
    """SIGTERM (cron timeouts, systemd, ``kill``) ends a run like Ctrl-C: the page in
    hand is rolled back, what is committed stays, exit 130."""
    try:
        signal.signal(signal.SIGTERM, _raise_interrupt)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point.

    A Ctrl-C or SIGTERM that lands after the command has finished (while its
    outcome is reported, or during interpreter shutdown) must not turn into a
    traceback and a signal exit status: it is caught around the reporting, and,
    when this is the process's own command line (``argv`` None), both signals
    are ignored once the exit code is known. (A caller passing ``argv`` keeps
    its signal handling.)
    """
    _sigterm_as_interrupt()
    try:
        code = _run(argv)
    except KeyboardInterrupt:  # arrived while an outcome was being reported
        code = INTERRUPTED
    if argv is None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                signal.signal(signum, signal.SIG_IGN)
            except (ValueError, OSError):  # not the main thread
                pass
    sys.exit(code)


def _run(argv: list[str] | None) -> int:
    """Run the app; every outcome is one exit code (``exitcodes.py``) and at most one line."""
    out = Output()
    try:
        code = app(args=argv, prog_name="akhbar", standalone_mode=False)
    except Abort:
        out.error("interrupted")
        code = INTERRUPTED
    except TyperException as exc:  # usage and parameter errors (Typer's vendored click)
        code = _report_typer_error(out, exc)
    except KeyboardInterrupt:
        out.error("interrupted")
        code = INTERRUPTED
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # the last line of defence: never a traceback
        if os.environ.get("AKHBAR_DEBUG"):
            raise
        out.error(f"internal error: {type(exc).__name__}: {exc} (AKHBAR_DEBUG=1 shows the traceback)"
                  .replace("\n", " "))
        code = INTERNAL
    return code if isinstance(code, int) else 0


def _report_typer_error(out: Output, exc: TyperException) -> int:
    """One line for a usage error (exit 2) or another Typer error (its own code).

    Read through the exception's public attributes only (``ctx``, ``exit_code``,
    ``format_message``), not through Typer's private click module. A command run
    without its arguments raises a usage error whose message is the command's help:
    that one is printed whole.
    """
    ctx = getattr(exc, "ctx", None)
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    code = int(getattr(exc, "exit_code", 1))
    if ctx is not None and message == ctx.get_help():
        print(message, file=sys.stderr)
        return USAGE
    if code == USAGE:
        command = ctx.command_path if ctx is not None else "akhbar"
        message = f"{message} (see '{command} --help')"
    out.error(message.replace("\n", " "))
    return code
