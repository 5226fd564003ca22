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

try:  # Typer >= 0.29 vendors its own copy of click.
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - older Typer uses click itself
    from click import exceptions as click_exc  # type: ignore[no-redef]

from typer.exceptions import Abort

from . import archive_commands  # noqa: F401,E402  (registers commands)
from .app import app
from .exitcodes import INTERNAL, INTERRUPTED, USAGE
from .output import Output

for _optional in ("fetch_commands", "history_commands"):
    try:
        __import__(f"{__package__}.{_optional}")
    except ModuleNotFoundError as _exc:  # a later issue adds these modules
        if _exc.name != f"{__package__}.{_optional}":
            raise

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
    except click_exc.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else str(exc), file=sys.stderr)
        code = USAGE
    except click_exc.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "akhbar"
        out.error(f"{exc.format_message()} (see '{command} --help')".replace("\n", " "))
        code = USAGE
    except Abort:
        out.error("interrupted")
        code = INTERRUPTED
    except click_exc.ClickException as exc:
        out.error(exc.format_message().replace("\n", " "))
        code = exc.exit_code
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
