"""The reading pages: the front page (stories ranked by independent publishers and recency) and a
story page (the cited summary and the analysis). Server-rendered with Jinja2 (autoescape on);
everything reads and works without JavaScript; the small script only opens a citation when it gets
keyboard focus."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Optional
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from newsdigest.io.render import safe_url
from newsdigest.serve.deps import get_service
from newsdigest.serve.resources import package_dir
from newsdigest.serve.routes.api import DAY, STORY_ID
from newsdigest.serve.service import StoryService

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 30
FRONT_PAGE_MAX_AGE = 1.0  # seconds


def _short_time(value: Any) -> str:
    if not value:
        return ""
    value = str(value)
    return value[:16].replace("T", " ") + (" UTC" if re.search(r"(\+00:00|Z)$", value) else "")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_dir("templates"))),
        autoescape=True,  # every value is escaped unless a template says otherwise (none does)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["short_time"] = _short_time
    env.globals["urlencode"] = urlencode
    return env


ENV = _environment()
Service = Annotated[StoryService, Depends(get_service)]


def render_page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(name).render(**context), status_code=status)


def not_found_page(request: Request, reason: str) -> HTMLResponse:
    return render_page("error.html", status=404, title="Not found", reason=reason)


@router.get("/", response_class=HTMLResponse)
async def front_page(
    service: Service,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    q: Annotated[Optional[str], Query(max_length=300)] = None,
    outlet: Annotated[Optional[str], Query(max_length=300)] = None,
    since: Annotated[Optional[str], Query(max_length=10)] = None,
) -> HTMLResponse:
    q = (q or "").strip() or None
    outlet = (outlet or "").strip() or None
    since = since if since and re.match(DAY, since) else None
    # Made again only when the store changed (the version covers every write), and at most once
    # per FRONT_PAGE_MAX_AGE while the store is being written to: a front page a second behind
    # the store reads the same, and making one costs a read of every story. The version query
    # runs on the event loop; a page is made in the thread pool.
    key = ("front", page, q, outlet, since)
    hit = service.recent(key, FRONT_PAGE_MAX_AGE)
    if hit is not None:
        return HTMLResponse(hit)
    version = service.version()
    hit = service.recent(key, FRONT_PAGE_MAX_AGE, version)
    if hit is not None:
        return HTMLResponse(hit)

    def make() -> HTMLResponse:
        stories, total = service.list(since=since, outlet=outlet, query=q, limit=PAGE_SIZE,
                                      offset=(page - 1) * PAGE_SIZE)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        params = {k: v for k, v in (("q", q), ("outlet", outlet), ("since", since)) if v}
        return render_page("front.html", title="Stories", stories=stories, total=total, page=page, pages=pages,
                           q=q or "", outlet=outlet or "", since=since or "", params=params,
                           counts=service.store.counts())

    body = await service.render_once(("build",) + key, lambda: make().body)
    service.remember(key, version, body)
    return HTMLResponse(body)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(service: Service, story_id: Annotated[str, Path(pattern=STORY_ID)]):
    # A live story with a digest: its page is made once per digest (once however many readers
    # ask meanwhile) and served from memory after, without leaving the event loop; anything else
    # (first view, merged id, unknown id) goes to the thread pool.
    key = service.story_key(story_id)
    if key is not None:
        key = ("story",) + key
        hit = service.peek(key)
        if hit is not None:
            return HTMLResponse(hit)
        response = await service.render_once(key, lambda: _story_page(service, story_id))
        if response.status_code == 200:
            service.keep(key, response.body)
        return response
    return await run_in_threadpool(_story_page, service, story_id)


def _story_page(service: StoryService, story_id: str):
    live = service.resolve(story_id)
    if live != story_id:  # merged into another story: its page is the one to read
        return RedirectResponse(f"/stories/{live}", status_code=307)
    live, story, stale = service.story(live)
    meta = service.story_meta(live) or {}
    articles = {a["id"]: a for a in story.get("articles", [])}
    title = meta.get("title") or next((a.get("title") for a in story.get("articles", []) if a.get("title")), None) or live
    independent = {a["source"] for a in story.get("articles", []) if not a.get("duplicate_of")}
    return render_page("story.html", title=title, story=story, meta=meta, articles=articles,
                       independent=len(independent), stale=stale)
