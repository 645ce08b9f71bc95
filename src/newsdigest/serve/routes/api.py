"""``/api/v1``: health, the story listing, one story, and adding articles.

Every value a request carries is validated (lengths, patterns, ranges) before use; none is ever
used as a file path: articles arrive as JSON records and go to the store as records.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Optional, Union

from fastapi import APIRouter, Body, Depends, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsdigest.serve.deps import get_service
from newsdigest.serve.resources import version
from newsdigest.serve.service import StoryService

router = APIRouter(tags=["api"])

# Story ids are short ASCII tokens (``st-`` and 12 hex digits in the store); anything else is refused
# with 422 before the store is asked.
STORY_ID = r"^[A-Za-z0-9][A-Za-z0-9._~:-]{0,199}$"
DAY = r"^\d{4}-\d{2}-\d{2}$"
MAX_ARTICLES = 200
MAX_TEXT = 1_000_000
HTML_SANDBOX_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                    "frame-ancestors 'none'")


class ArticleIn(BaseModel):
    """One article, in the ingest formats' JSON shape. ``text`` (or ``html``, whose main text is
    extracted) is required; ``source`` may be given as ``outlet`` or ``publisher``."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: Optional[str] = Field(None, max_length=200, description="Article id (kept unless another stored article has it).")
    source: Optional[str] = Field(None, max_length=300, description="Publisher name.")
    outlet: Optional[str] = Field(None, max_length=300)
    publisher: Optional[str] = Field(None, max_length=300)
    title: Optional[str] = Field(None, max_length=2000)
    date: Optional[str] = Field(None, max_length=100, description="Publication date, e.g. 2031-04-02.")
    url: Optional[str] = Field(None, max_length=2000, description="An http(s) URL.")
    text: Optional[str] = Field(None, max_length=MAX_TEXT)
    html: Optional[str] = Field(None, max_length=MAX_TEXT, description="The page's HTML, when there is no text.")

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: Optional[str]) -> Optional[str]:
        if value and not re.match(r"(?i)^https?://[^\s/?#]+", value):
            raise ValueError("url must be an absolute http:// or https:// URL")
        return value or None

    @field_validator("id")
    @classmethod
    def _printable_id(cls, value: Optional[str]) -> Optional[str]:
        if value and any(ord(c) < 32 for c in value):
            raise ValueError("id must not contain control characters")
        return value or None

    @model_validator(mode="after")
    def _has_text(self) -> "ArticleIn":
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("an article needs a non-empty text (or html)")
        return self

    def record(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    stories: int
    articles: int


class StoryListing(BaseModel):
    stories: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    next_offset: Optional[int]


class AddReply(BaseModel):
    run: int
    added: list[str]
    already_stored: list[str]
    stories_touched: list[str]
    new_stories: list[str]
    summarized: list[str]
    dropped: list[dict[str, str]]
    seconds: float


Service = Annotated[StoryService, Depends(get_service)]


@router.get("/health", response_model=Health, summary="Liveness and store counts")
def health(service: Service) -> dict[str, Any]:
    counts = service.store.counts()
    return {"status": "ok", "version": version(), **counts}


@router.get("/stories", response_model=StoryListing, summary="Stories, ranked, paged and filtered")
def list_stories(
    service: Service,
    limit: Annotated[int, Query(ge=1, le=100, description="Stories per page.")] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    since: Annotated[Optional[str], Query(pattern=DAY, description="Only stories with an article dated, or an update, on or after this day (YYYY-MM-DD).")] = None,
    outlet: Annotated[Optional[str], Query(min_length=1, max_length=300, description="Only stories this outlet reports (case-insensitive).")] = None,
    q: Annotated[Optional[str], Query(min_length=1, max_length=300, description="Text search in titles and first summary sentences.")] = None,
    order: Annotated[Literal["rank", "updated"], Query(description="rank: independent publishers and recency; updated: newest update first.")] = "rank",
) -> dict[str, Any]:
    stories, total = service.list(since=since, outlet=outlet, query=q, limit=limit, offset=offset, order=order)
    nxt = offset + limit if offset + limit < total else None
    return {"stories": stories, "total": total, "limit": limit, "offset": offset, "next_offset": nxt}


@router.get("/stories/{story_id}", summary="One story: the JSON contract, or rendered as Markdown or HTML",
            responses={404: {"description": "No story has this id"}})
async def get_story(
    service: Service,
    story_id: Annotated[str, Path(pattern=STORY_ID)],
    format: Annotated[Literal["json", "md", "html"], Query(description="json (default), md or html.")] = "json",
) -> Response:
    # A live story with a digest: read on the event loop (the digest is one row; its text is
    # cached per digest); a first view, which summarizes, goes to the thread pool.
    key = service.story_key(story_id)
    if key is not None:
        live, stale = story_id, key[2]
        text = service.peek(("digest", format) + key)
        if text is None:
            live, text, stale = await service.render_once(("digest", format) + key,
                                                          lambda: service.digest_text(story_id, format))
            if (live, stale) == (story_id, key[2]):
                service.keep(("digest", format) + key, text)
    else:
        live, text, stale = await run_in_threadpool(service.digest_text, story_id, format)
    headers = {"X-Story-Id": live}
    if stale:  # the previous digest: articles came in since, and the next digest is being made
        headers["X-Summary-Stale"] = "true"
    if format == "md":
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8", headers=headers)
    if format == "html":
        # The rendered report is a page of its own: no script runs with this origin's rights.
        headers["Content-Security-Policy"] = HTML_SANDBOX_CSP
        return Response(text, media_type="text/html; charset=utf-8", headers=headers)
    return Response(text, media_type="application/json", headers=headers)


@router.post("/articles", response_model=AddReply, status_code=200,
             summary="Add one article or a list; replies with the stories touched",
             responses={413: {"description": "Body over the size limit"}, 422: {"description": "Invalid article"}})
async def add_articles(
    service: Service,
    body: Annotated[Union[ArticleIn, list[ArticleIn]], Body(description=f"One article or a list of at most {MAX_ARTICLES}.")],
    summarize: Annotated[bool, Query(description="Summarize the stories that changed now (else on first view).")] = True,
) -> Any:
    items = body if isinstance(body, list) else [body]
    if not items:
        return JSONResponse({"detail": "the list of articles is empty"}, status_code=422)
    if len(items) > MAX_ARTICLES:
        return JSONResponse({"detail": f"at most {MAX_ARTICLES} articles per request, got {len(items)}"},
                            status_code=413)
    records = [a.record() for a in items]
    reply = await run_in_threadpool(service.add, records, summarize)
    status = 201 if reply["added"] else 200
    if not reply["added"] and not reply["already_stored"] and reply["dropped"]:
        reply["detail"] = "no usable article: " + "; ".join(d["reason"] for d in reply["dropped"][:5])
        status = 422
    return JSONResponse(reply, status_code=status)
