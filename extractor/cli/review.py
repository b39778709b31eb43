"""``extractor review [serve] JOB.db`` (the review web app) and ``extractor review export JOB.db --gold DIR``."""

from __future__ import annotations

import getpass
import ipaddress
import secrets
import socket
import threading
import webbrowser
from enum import Enum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import typer
from typer.core import TyperGroup

from ..batch import JobStore
from ..errors import ConfigurationError, InputError
from . import app


class _ServeByDefault(TyperGroup):
    """``extractor review JOB.db`` means ``extractor review serve JOB.db``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


review_app = typer.Typer(
    name="review",
    cls=_ServeByDefault,
    no_args_is_help=True,
    help="Review records in the browser; export reviewed articles as eval gold.",
)
app.add_typer(review_app, name="review")


class Split(str, Enum):
    dev = "dev"
    test = "test"


Job = Annotated[Path, typer.Argument(metavar="JOB.db", help="a job store written by `extractor batch`")]


def _job(path: Path) -> Path:
    if not path.is_file():
        raise InputError(f"{path}: no such job store")
    return path


@review_app.command("serve")
def serve(
    job: Job,
    host: Annotated[str, typer.Option(help="address to bind; anything but loopback requires a token")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port (0: any free port)", min=0, max=65535)] = 8765,
    reviewer: Annotated[str | None, typer.Option(help="your name in the audit trail \\[default: login name]")] = None,
    token: Annotated[str | None, typer.Option(help="access token (generated when serving beyond loopback)")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="do not open a browser")] = False,
) -> None:
    """Serve the review app for JOB.db and open it in the browser."""
    import uvicorn

    from ..review.app import create_app, is_loopback

    _job(job)
    if not is_loopback(host) and not token:
        token = secrets.token_urlsafe(24)
    name = reviewer or _login()
    application = create_app(job, reviewer=name, host=host, token=token)
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    urls = share_urls(host, bound, token, *_machine_names() if is_wildcard(host) else ("", ()))
    if is_wildcard(host):
        typer.echo(
            f"review: bound to all interfaces ({host} port {bound}): anyone who can reach this machine "
            "and has the URL's token can open it. Open one of:",
            err=True,
        )
        for url in urls:
            typer.echo(f"  {url}", err=True)
        typer.echo(f"(reviewer {name}; Ctrl-C stops)", err=True)
    else:
        typer.echo(f"review: {urls[0]}  (reviewer {name}; Ctrl-C stops)", err=True)
    if not no_browser:
        threading.Timer(0.5, webbrowser.open, args=(urls[-1],)).start()
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning", access_log=False))
    server.run(sockets=[sock])


@review_app.command("export")
def export(
    job: Job,
    gold: Annotated[Path, typer.Option("--gold", help="eval set directory to write (gold/, articles/)")],
    split: Annotated[Split, typer.Option(help="split recorded in each gold file")] = Split.test,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="replace gold files with other labels")] = False,
) -> None:
    """Write every reviewed article as eval gold, with the model's records beside them."""
    from ..review.gold import PREDICTIONS_FILE, export_gold

    with JobStore(_job(job)) as store:
        result = export_gold(store, gold, split=split.value, overwrite=overwrite)
    for line in result.skipped:
        typer.echo(f"skipped {line}", err=True)
    typer.echo(
        f"{len(result.written)} reviewed article(s) written to {gold}; score a model with: "
        f"extractor eval score --pred {gold / PREDICTIONS_FILE} --gold {gold}",
        err=True,
    )


def is_wildcard(host: str) -> bool:
    """True for an address that binds every interface (0.0.0.0, ::): no one can open it as a URL."""
    return host.strip("[]") in ("0.0.0.0", "::", "")


def share_urls(
    host: str, port: int, token: str | None, hostname: str = "", addresses: tuple[str, ...] = ()
) -> list[str]:
    """The URLs to print: for a wildcard ``host`` the machine's ``hostname`` and ``addresses`` (for colleagues)
    and then localhost (for this machine), else ``host`` itself."""
    query = f"?{urlencode({'token': token})}" if token else ""
    if not is_wildcard(host):
        hosts = [host]
    else:
        hosts = [h for h in (hostname, *addresses) if h and not _names_this_machine_only(h)]
        hosts.append("localhost")
    unique = list(dict.fromkeys(h.strip("[]") for h in hosts))
    return [f"http://{f'[{h}]' if ':' in h else h}:{port}/{query}" for h in unique]


def _names_this_machine_only(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _machine_names() -> tuple[str, tuple[str, ...]]:
    """This machine's host name and the address it reaches others from (no packet is sent)."""
    hostname = socket.gethostname()
    addresses = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: connecting a UDP socket only picks the route
            addresses.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        addresses.append(socket.gethostbyname(hostname))
    except OSError:
        pass
    return hostname, tuple(a for a in addresses if a and a != "0.0.0.0")


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container: the audit trail still needs a name
        return "analyst"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise ConfigurationError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    return sock
