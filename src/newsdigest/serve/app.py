"""The ASGI app: ``create_app(db)`` builds the API (``/api/v1``, OpenAPI at ``/docs``) and the
reading pages over one story store.

Request bodies are bounded (``max_body`` bytes, default 2 MiB): a ``Content-Length`` over the limit
is refused before anything is read, and a body streamed without one is counted as it arrives and
refused (413) as soon as it passes the limit. Every response says ``nosniff``; the pages carry a
Content-Security-Policy that allows only this origin's own style and script.
"""

from __future__ import annotations

import json
import logging
import threading
from contextlib import asynccontextmanager
from typing import Any, Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from newsdigest.serve.deps import BackgroundJob, Models
from newsdigest.serve.resources import package_dir, version
from newsdigest.serve.service import NotFound, StoryService
from newsdigest.stories.store import Store, open_store

log = logging.getLogger("newsdigest.serve")

DEFAULT_MAX_BODY = 2 * 1024 * 1024
API_PREFIX = "/api/v1"
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class BodyLimit:
    """Pure ASGI middleware: 413 for a body over ``limit`` bytes (declared or streamed), 400 for a
    malformed Content-Length."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = None
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    length = int(value)
                    if length < 0:
                        raise ValueError
                except ValueError:
                    return await _plain_error(send, 400, "malformed Content-Length header")
        if length is not None and length > self.limit:
            return await _plain_error(send, 413, f"request body of {length} bytes is over the limit of {self.limit} bytes")
        if scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        # Read the body here, counting as it streams, then hand it on in one piece.
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                return await _plain_error(send, 413, f"request body is over the limit of {self.limit} bytes")
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


class SecurityHeaders:
    """Pure ASGI middleware (no per-request task or response copy, unlike ``@app.middleware``):
    ``nosniff`` and ``no-referrer`` on every response, and the page CSP on HTML pages that do not
    set their own (the OpenAPI page at /docs loads its own script and style)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        is_docs = scope.get("path") == "/docs"

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if b"referrer-policy" not in names:
                    headers.append((b"referrer-policy", b"no-referrer"))
                html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
                if html and not is_docs and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                message = dict(message, headers=headers)
            await send(message)

        return await self.app(scope, receive, send_with_headers)


async def _plain_error(send, status: int, reason: str) -> None:
    body = json.dumps({"detail": reason}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def create_app(db: str | None = None, *, store: Store | None = None, models: Models | None = None,
               max_body: int = DEFAULT_MAX_BODY, jobs: Iterable[BackgroundJob] = (), words: int = 120,
               analysis: bool = True, worker: str = "auto") -> FastAPI:
    """The app over the store ``db`` (a SQLite path or SQLAlchemy URL; default as ``--db``), or over
    ``store`` when given. ``jobs`` run in background threads while the app runs (``serve --watch``
    passes its watcher here); ``analysis=False`` summarizes without NER (quotes and analysis
    sections stay empty). ``worker``: where digests are made and articles added (``process``: a
    worker process at lower CPU priority; ``thread``: this process; ``auto``: a process unless
    ``models`` are given ready-made or the store is in memory); see ``serve.worker``."""
    from newsdigest.serve.worker import InProcessWorker, ProcessWorker, WorkerError

    store = store if store is not None else open_store(db)
    given_models = models is not None
    models = models if given_models else Models(analysis=analysis)
    if worker == "auto":
        worker = "thread" if given_models or ":memory:" in store.url or store.url.rstrip("/") == "sqlite:" else "process"
    if worker not in ("process", "thread"):
        raise ValueError(f"worker must be 'process', 'thread' or 'auto', not {worker!r}")
    runner = ProcessWorker(store.url, models, words) if worker == "process" else InProcessWorker(store, models, words)
    jobs = list(jobs)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        stop = threading.Event()
        threads = []
        for job in jobs:
            t = threading.Thread(target=_run_job, args=(job, store, stop), daemon=True,
                                 name=f"newsdigest-job-{getattr(job, '__name__', 'job')}")
            t.start()
            threads.append(t)
        app.state.stop = stop
        try:
            yield
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=10)
            runner.close()

    app = FastAPI(
        title="newsdigest",
        version=version(),
        description="Stories from many outlets, each with a cited summary. The story JSON is the "
                    "`newsdigest` JSON contract (one element of its `stories` list).",
        lifespan=lifespan,
        docs_url=None,  # served below from the Swagger UI files fastapi-offline ships: no CDN
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.models = models
    app.state.service = StoryService(store, models, words=words, worker=runner)
    app.state.max_body = max_body

    from newsdigest.serve.routes import api, pages

    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=package_dir("static")), name="static")
    _mount_docs(app)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        if request.url.path.startswith(API_PREFIX):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return pages.not_found_page(request, str(exc))

    @app.exception_handler(WorkerError)
    async def worker_stopped(request: Request, exc: WorkerError):
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()[:20]]
        reason = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:5])
        return JSONResponse({"detail": reason or "invalid request", "errors": errors}, status_code=422)

    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so the 413 and 400 replies get it too
    return app


def _mount_docs(app: FastAPI) -> None:
    """The OpenAPI page at /docs with Swagger UI's script and style served by this app (the files
    the `fastapi-offline` package ships), so it works on a machine with no internet."""
    from pathlib import Path

    import fastapi_offline
    from fastapi.openapi.docs import get_swagger_ui_html

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="newsdigest API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon.png")


def _run_job(job: BackgroundJob, store: Store, stop: threading.Event) -> None:
    try:
        job(store, stop)
    except Exception:  # a failing background job is logged, the server keeps serving
        log.exception("background job %r failed", job)
