"""``akhbar serve``: browse the archive in a web browser (Datasette, read-only).

Needs the ``web`` extra (``pip install 'akhbar[web]'``): Datasette and its
server, uvicorn. Without it the command says so in one line and exits 2.
"""
from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any

import typer

from .app import app, guarded
from .common import DB_OPTION, db_path, open_archive
from .exitcodes import OK, USAGE, CliError
from .output import Output

WEB_PACKAGES = ("datasette", "uvicorn")
INSTALL_HINT = "akhbar serve needs the web extra: pip install 'akhbar[web]'"


@app.command("serve")
@guarded
def serve_cmd(db: Path | None = DB_OPTION,
              host: str = typer.Option("127.0.0.1", "--host",
                                       help="Address to listen on. Anything but a loopback "
                                            "address shows the archive to the network."),
              port: int = typer.Option(8001, "--port", min=0, max=65535,
                                       help="Port to listen on (0: any free port).")) -> None:
    """Browse and search the archive in a web browser (Datasette, read-only)."""
    web = _web_modules()
    path = db_path(db)
    # Opened once as every command opens it: refuses what is not an archive, and
    # upgrades an older archive's schema (the only write; serving never writes).
    with open_archive(path):
        pass
    datasette = web["build"](path.resolve())
    sock = _listen(host, port)
    out = Output()
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    out.warn(f"serving {path} read-only at http://{shown}:{bound_port}/ (Ctrl-C stops)")
    if not _is_loopback(bound_host):
        out.warn(f"{host} is not a loopback address: anyone who can reach it can read the archive")
    import asyncio  # only here: not every command's start-up
    asyncio.run(datasette.invoke_startup())
    uvicorn = web["uvicorn"]
    server = uvicorn.Server(uvicorn.Config(datasette.app(), log_level="warning", lifespan="on",
                                           workers=1))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # Ctrl-C / SIGTERM is how a server is stopped: not an error
        pass
    finally:
        sock.close()
    raise typer.Exit(OK)


def _web_modules() -> dict[str, Any]:
    """Datasette, uvicorn and the web package, or one line saying what to install (exit 2)."""
    try:
        import uvicorn

        from .web import build
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in WEB_PACKAGES:
            raise CliError(INSTALL_HINT, USAGE) from None
        raise
    try:
        import datasette.app  # noqa: F401  (build imports it lazily: check it here)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in WEB_PACKAGES:
            raise CliError(INSTALL_HINT, USAGE) from None
        raise
    return {"build": build, "uvicorn": uvicorn}


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, or a one-line error (exit 2): taken before the server starts,
    so a busy port or a bad address is reported plainly and ``--port 0`` can say its port."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise CliError(f"--host: cannot use {host!r} ({exc.strerror})", USAGE) from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", USAGE) from None
    return sock


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
