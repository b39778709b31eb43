"""The review web app: a server-rendered Starlette app over one job store (Jinja2, autoescaped templates).

Pages: the queue (filters: unreviewed/reviewed, errors, no incidents, disagreeing reports, country, event
type; least confident first, records the judge step flags marked "needs review") and one article (its text with each field's evidence highlighted, each incident's fields beside it).
Writes are plain HTML form posts; static/review.js sends them with fetch and swaps the returned fragment in,
and adds keyboard shortcuts and picking evidence by selecting text. Without JavaScript every form still works.

Safety: bound to loopback unless a token is given (checked on every request: ``?token=`` sets a cookie);
on loopback the Host header must name loopback (no DNS rebinding); every POST needs the per-session CSRF
secret (cookie and form field must match) and a same-origin Origin; article text and values are escaped by
the templates and highlighting never builds HTML from text; a Content-Security-Policy allows only this
app's own script and styles. A stale form (another tab changed the incident) gets 409 and writes nothing.
"""

from __future__ import annotations

import hmac
import secrets
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import InputError
from ..schemas import EVENT_TYPES, WEAPONS
from ..store import JobStore
from .edits import EDITABLE_FIELDS, EditError, display_value, edit_value
from .highlight import segments
from .store import PROBLEMS, VIEWS, ArticleView, NotFound, QueueFilters, ReviewStore, StaleVersion

__all__ = ["CSRF_COOKIE", "TOKEN_COOKIE", "create_app", "is_loopback"]

CSRF_COOKIE = "review_csrf"
TOKEN_COOKIE = "review_token"
FETCH_HEADER = "x-review-fetch"
PAGE_SIZE = 50
_HERE = Path(__file__).parent
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_LABELS = {
    "primary": "main event",
    "sub_event_type": "type",
    "claimed_by": "claimed by",
    "attributed_to": "attributed to",
}


def is_loopback(host: str) -> bool:
    import ipaddress

    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def create_app(job_path: str | Path, *, reviewer: str, host: str = "127.0.0.1", token: str | None = None) -> Starlette:
    """The app over the job store at ``job_path``; a ``host`` other than loopback requires ``token``."""
    if not is_loopback(host) and not token:
        raise InputError(f"serving on {host} (not loopback) needs an access token")
    job = JobStore(job_path)
    review = ReviewStore(job, reviewer)
    templates = _templates()

    @asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        job.close()

    routes = [
        Route("/", _queue, methods=["GET"]),
        Route("/article", _article, methods=["GET"]),
        Route("/next", _next, methods=["GET"]),
        Route("/accept", _accept, methods=["POST"]),
        Route("/reject", _reject, methods=["POST"]),
        Route("/edit", _edit, methods=["POST"]),
        Route("/add", _add, methods=["POST"]),
        Route("/reviewed", _reviewed, methods=["POST"]),
        Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),
        Mount("/static", StaticFiles(directory=_HERE / "static"), name="static"),
    ]
    allowed = list(_LOOPBACK_NAMES) if is_loopback(host) else ["*"]
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed, www_redirect=False),
        Middleware(_Guard, token=token),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, max_body_size=1 << 20)
    app.state.review = review
    app.state.templates = templates
    return app


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        fields=EDITABLE_FIELDS,
        labels=_LABELS,
        event_types=EVENT_TYPES,
        weapons=WEAPONS,
        views=VIEWS,
        problems=[p for p in PROBLEMS if p],
        display=display_value,
        raw=edit_value,
        href=_href,
    )
    return Jinja2Templates(env=env)


def _href(path: str, filters: QueueFilters, **params: Any) -> str:
    """A link that keeps the analyst in the same filtered queue."""
    query = urlencode({**params, **filters.as_query()})
    return f"{path}?{query}" if query else path


class _Guard(BaseHTTPMiddleware):
    """The access token (when serving beyond loopback) and the security headers of every response."""

    def __init__(self, app: Any, token: str | None) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if self.token:
            given = request.query_params.get("token")
            if given is not None:
                if not hmac.compare_digest(given, self.token):
                    return _secured(PlainTextResponse("wrong access token", status_code=403))
                rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
                response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), status_code=303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                return _secured(response)
            if not hmac.compare_digest(request.cookies.get(TOKEN_COOKIE, ""), self.token):
                return _secured(
                    PlainTextResponse(
                        "this review server needs its access token: open the URL printed by `extractor review`",
                        status_code=401,
                    )
                )
        return _secured(await call_next(request))


def _secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"  # "no-referrer" would make browsers send Origin: null
    response.headers["Cache-Control"] = "no-store"
    return response


class _Refused(Exception):
    """A write without a valid CSRF secret or from another origin."""


def _store(request: Request) -> ReviewStore:
    return request.app.state.review


def _render(
    request: Request, name: str, context: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    csrf = cookie if len(cookie) >= 32 else secrets.token_urlsafe(32)
    response = request.app.state.templates.TemplateResponse(
        request,
        name,
        {**context, "csrf": csrf, "reviewer": _store(request).reviewer},
        status_code=status,
        headers=headers,
    )
    if csrf != cookie:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
    return response


def _filters(params: Any) -> QueueFilters:
    return QueueFilters.parse({k: params.get(k) for k in ("view", "problem", "country", "event_type")})


# -- pages -------------------------------------------------------------------------------------------------
async def _queue(request: Request) -> Response:
    try:
        filters = _filters(request.query_params)
        page = max(1, int(request.query_params.get("page") or 1))
    except (EditError, ValueError) as exc:
        return _render(request, "error.html", {"message": str(exc)}, 400)
    rows, total = _store(request).queue(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return _render(
        request,
        "queue.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "filters": filters,
            "q": urlencode(filters.as_query()),
            "countries": _store(request).countries(),
            "done": request.query_params.get("done"),
        },
    )


async def _article(request: Request) -> Response:
    try:
        filters = _filters(request.query_params)
        view = _store(request).article(request.query_params.get("id", ""))
    except NotFound as exc:
        return _render(request, "error.html", {"message": str(exc)}, 404)
    except EditError as exc:
        return _render(request, "error.html", {"message": str(exc)}, 400)
    return _render(request, "article.html", _article_context(view, filters))


async def _next(request: Request) -> Response:
    try:
        filters = _filters(request.query_params)
    except EditError as exc:
        return _render(request, "error.html", {"message": str(exc)}, 400)
    after = request.query_params.get("after")
    following = _store(request).next_article(after, filters)
    query = filters.as_query()
    if following is None:
        return RedirectResponse("/?" + urlencode({**query, "done": "1"}), status_code=303)
    return RedirectResponse("/article?" + urlencode({"id": following, **query}), status_code=303)


def _article_context(
    view: ArticleView, filters: QueueFilters, *, flash: str = "", error: dict | None = None, focus: str | None = None
) -> dict[str, Any]:
    spans = [
        (ev.start, ev.end, f"{iv.key}:{name}")
        for iv in view.incidents
        if iv.decision != "rejected"
        for name, ev in iv.incident.evidence.items()
        if name in EDITABLE_FIELDS or name == "date_text"
    ]
    pending = view.pending()
    return {
        "view": view,
        "segments": segments(view.text or "", spans),
        "filters": filters,
        "q": urlencode(filters.as_query()),
        "flash": flash,
        "error": error,
        "focus": focus or (pending[0] if pending else (view.incidents[0].key if view.incidents else "")),
        "text_length": len(view.text or ""),
    }


# -- writes ------------------------------------------------------------------------------------------------
async def _checked_form(request: Request) -> FormData:
    """The posted form, once the request proved it comes from this app's own page."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
        raise _Refused(f"cross-origin request from {origin} refused")
    if request.headers.get("sec-fetch-site") not in (None, "same-origin", "none"):
        raise _Refused("cross-site request refused")
    form = await request.form()
    sent = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not sent or not hmac.compare_digest(sent, cookie):
        raise _Refused("missing or wrong CSRF token: reload the page and try again")
    return form


def _int(form: FormData, name: str, *, optional: bool = False) -> int | None:
    value = str(form.get(name) or "").strip()
    if not value and optional:
        return None
    try:
        return int(value)
    except ValueError:
        raise EditError(f"{name} must be a whole number, got {value!r}") from None


async def _write(request: Request, action: str) -> Response:
    try:
        form = await _checked_form(request)
    except _Refused as exc:
        return PlainTextResponse(str(exc), status_code=403)
    store = _store(request)
    article_id, key = str(form.get("article") or "").strip(), str(form.get("incident") or "")
    if not article_id:  # a hand-made or truncated post: say what is missing, never a 500
        return PlainTextResponse(
            f"the form names no article: /{action} needs the field 'article' (the id of the article being reviewed)",
            status_code=400,
        )
    if action in ("accept", "reject", "edit") and not key:
        return PlainTextResponse(f"the form names no incident: /{action} needs the field 'incident'", status_code=400)
    try:
        filters = QueueFilters.parse(dict(parse_qsl(str(form.get("q") or ""))))
    except EditError:
        filters = QueueFilters()
    flash, error, focus, status = "", None, key, 200
    try:
        if action == "accept":
            store.accept(article_id, key, _int(form, "version"))  # type: ignore[arg-type]
            flash = f"{key} accepted"
        elif action == "reject":
            store.reject(article_id, key, _int(form, "version"))  # type: ignore[arg-type]
            flash = f"{key} rejected"
        elif action == "edit":
            field = str(form.get("field") or "")
            store.edit(
                article_id,
                key,
                _int(form, "version"),  # type: ignore[arg-type]
                field,
                str(form.get("value") or ""),
                start=_int(form, "start", optional=True),
                end=_int(form, "end", optional=True),
                quote=str(form.get("quote")) if form.get("quote") else None,
            )
            flash = f"{key}: {_LABELS.get(field, field)} saved"
        elif action == "add":
            focus = store.add(
                article_id,
                str(form.get("sub_event_type") or ""),
                form.get("primary") == "yes",
                start=_int(form, "start", optional=True),
                end=_int(form, "end", optional=True),
                quote=str(form.get("quote")) if form.get("quote") else None,
            )
            flash = f"{focus} added: fill in its fields"
        elif action == "reviewed":
            store.mark_reviewed(article_id)
            return RedirectResponse("/next?" + urlencode({"after": article_id, **filters.as_query()}), status_code=303)
    except NotFound as exc:
        return _render(request, "error.html", {"message": str(exc)}, 404)
    except StaleVersion as exc:
        flash, status = str(exc), 409
    except EditError as exc:
        status = 422
        flash = str(exc)
        if action == "edit":
            error = {
                "key": key,
                "field": str(form.get("field") or ""),
                "value": str(form.get("value") or ""),
                "message": str(exc),
            }
    try:
        view = store.article(article_id)
    except NotFound as exc:  # e.g. a malformed field was reported first for an article that does not exist
        return _render(request, "error.html", {"message": str(exc)}, 404)
    if action in ("accept", "reject") and status == 200:
        pending = view.pending()
        focus = pending[0] if pending else key
    context = _article_context(view, filters, flash=flash, error=error, focus=focus)
    context["failed"] = status != 200
    if request.headers.get(FETCH_HEADER):
        return _render(request, "_workspace.html", context, status, headers={"X-Review-Fragment": "1"})
    if status == 200:
        return RedirectResponse("/article?" + urlencode({"id": article_id, **filters.as_query()}), status_code=303)
    return _render(request, "article.html", context, status)


async def _accept(request: Request) -> Response:
    return await _write(request, "accept")


async def _reject(request: Request) -> Response:
    return await _write(request, "reject")


async def _edit(request: Request) -> Response:
    return await _write(request, "edit")


async def _add(request: Request) -> Response:
    return await _write(request, "add")


async def _reviewed(request: Request) -> Response:
    return await _write(request, "reviewed")
