"""``newsdigest serve``: the API and the reading pages over the store, run by uvicorn."""

from __future__ import annotations

import click

from newsdigest.stories.cli import _Interval, db_option

# Background jobs ``serve`` starts with the app (see ``deps.BackgroundJob``). ``serve --watch``
# adds its watcher here, or passes ``jobs=`` to ``run_server``.
EXTRA_JOBS: list = []


# With several worker processes each builds its own app from these (uvicorn imports the factory).
_ENV = "NEWSDIGEST_SERVE_CONFIG"


def run_server(db=None, host: str = "127.0.0.1", port: int = 8000, jobs=(), analysis: bool = True,
               max_body: int | None = None, log_level: str = "info", access_log: bool = True,
               workers: int = 1) -> None:
    import json
    import os

    import uvicorn

    from newsdigest.serve.app import DEFAULT_MAX_BODY, create_app
    from newsdigest.stories.store import open_store

    common = dict(host=host, port=port, log_level=log_level, access_log=access_log, proxy_headers=False,
                  server_header=False)
    jobs = list(jobs) + EXTRA_JOBS
    if workers > 1:
        if jobs:
            raise ValueError("background jobs (--watch) run in one process: use --workers 1 with them")
        # Open (and migrate) the store once here, so the workers never race to create it.
        open_store(db).dispose()
        os.environ[_ENV] = json.dumps({"db": None if db is None else str(db), "analysis": analysis,
                                       "max_body": max_body or DEFAULT_MAX_BODY})
        uvicorn.run("newsdigest.serve.cli:app_from_env", factory=True, workers=workers, **common)
        return
    app = create_app(db, jobs=jobs, analysis=analysis, max_body=max_body or DEFAULT_MAX_BODY)
    uvicorn.run(app, **common)


def app_from_env():
    """The app of one worker process of ``serve --workers N`` (its settings come from the parent)."""
    import json
    import os

    from newsdigest.serve.app import create_app

    config = json.loads(os.environ[_ENV])
    return create_app(config["db"], analysis=config["analysis"], max_body=config["max_body"])


def watch_job(sources: list[str], every: float):
    """A background job for ``create_app(jobs=...)``: poll ``sources`` into the store until the
    server stops. New articles are stored and clustered; their stories are summarized (with the
    analysis) when first read, so the watcher needs no model of its own."""

    def job(store, stop_event) -> None:
        from newsdigest.stories.watch import Watcher

        Watcher(store, sources, summarize=False, every=every).run(every=every, stop_event=stop_event)

    job.__name__ = "watch"
    return job


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default answers this machine only).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--summary-only", is_flag=True,
              help="Summarize stories (added or stale on view) without the analysis: faster, no NER model.")
@click.option("--max-mb", type=click.FloatRange(min=0.001, max=1024), default=2.0, show_default=True,
              help="Largest request body accepted (413 above).")
@click.option("--quiet", is_flag=True, help="No access log.")
@click.option("--watch", "watch_sources", multiple=True, metavar="SOURCE",
              help="Also poll this feed URL or folder into the store in the background (repeatable), as "
                   "`newsdigest watch` does.")
@click.option("--every", type=_Interval(), default="15m", show_default=True, help="Time between --watch polls.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each loads its own models when it first summarizes); not with --watch.")
def serve_cmd(db, host, port, summary_only, max_mb, quiet, watch_sources, every, workers) -> None:
    """Serve the store: the REST API under /api/v1 (OpenAPI page at /docs) and the reading pages
    at /."""
    from newsdigest.stories.store import StoreError

    jobs = [watch_job(list(watch_sources), every)] if watch_sources else []
    if jobs and workers > 1:
        raise click.UsageError("--watch runs in one process: use --workers 1 with it (or run `newsdigest watch` beside serve)")
    try:
        run_server(db, host=host, port=port, jobs=jobs, analysis=not summary_only,
                   max_body=int(max_mb * 1024 * 1024), log_level="warning" if quiet else "info",
                   access_log=not quiet, workers=workers)
    except StoreError as exc:
        click.echo(f"newsdigest: error: {exc}", err=True)
        raise SystemExit(2)


COMMANDS = [serve_cmd]
