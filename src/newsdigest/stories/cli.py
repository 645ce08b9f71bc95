"""The store's commands: ``add``, ``stories``, ``show``, ``merge``, ``split`` (thin wrappers over
``stories.update`` and ``stories.store``; ``newsdigest.cli`` adds them to the main group)."""

from __future__ import annotations

import json
import sys

import click

from newsdigest.stories.store import StoreError, _safe_url, open_store

db_option = click.option(
    "--db", default=None, envvar="NEWSDIGEST_DB",
    help="Store: a SQLite file or a SQLAlchemy URL [default: $NEWSDIGEST_DB, else ./newsdigest.db].")


def _fail(message: str) -> None:
    click.echo(f"newsdigest: error: {message}", err=True)
    sys.exit(2)


def _open(db):
    try:
        return open_store(db)
    except StoreError as exc:
        _fail(str(exc))


@click.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--words", "-w", type=click.IntRange(min=10), default=120, show_default=True,
              help="Length of each story's summary, in words.")
@click.option("--summary-only", is_flag=True, help="Skip the analysis when summarizing the stories that changed.")
@click.option("--no-summary", is_flag=True, help="Only store and cluster; summarize later (on `show`).")
@click.option("--model", "-m", default=None, help="Embedding model folder [default: bundled minilm-l6-m2v].")
@click.option("--ner-model", default=None, help="spaCy pipeline for named entities.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True, max=1e6), default=50.0, show_default=True,
              help="Skip input files larger than this.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Summarize the stories that changed in this many local processes.")
@click.option("--dask", default=None, metavar="ADDRESS",
              help="Summarize the stories that changed on a Dask cluster: its scheduler (tcp://host:8786), or "
                   "'local'. Clustering and the store stay in this process. Needs pip install 'newsdigest[dask]'.")
def add_cmd(paths, db, words, summary_only, no_summary, model, ner_model, max_mb, fmt, workers, dask) -> None:
    """Add the articles in PATHS to the store: each new article joins the story it belongs to, or
    starts one; an article already stored (same URL or same text) is not stored again; every story
    that changed is summarized again."""
    from newsdigest.pipeline import DigestSettings, ExecutorError, executor_for
    from newsdigest.text.embed import ModelLoadError, load_encoder
    from newsdigest.stories.update import add_paths

    store = _open(db)
    distributed = workers > 1 or bool(dask)
    analysis = not summary_only and not no_summary
    try:
        encoder = load_encoder(model)
        nlp = None
        if analysis and not distributed:
            from newsdigest.analysis.ner import load_ner

            nlp = load_ner(ner_model)
        settings = DigestSettings(words=words, analysis=analysis, model=model, ner_model=ner_model)
        with executor_for(workers, dask) as executor:
            report = add_paths(store, paths, encoder=encoder, nlp=nlp, words=words,
                               max_bytes=int(max_mb * 1024 * 1024), progress=True, summarize=not no_summary,
                               executor=executor, digest_settings=settings)
    except (ModelLoadError, ExecutorError) as exc:
        _fail(str(exc))
    for d in report.dropped:
        click.echo(f"newsdigest: skipped {d.input}: {d.reason}", err=True)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    r = report.result
    click.echo(f"added {len(r.added)} article(s), {len(r.duplicates)} already stored; "
               f"{len(r.touched)} story(ies) changed, {len(r.new_stories)} new; "
               f"{len(report.summarized)} summarized; store: {_safe_url(store.url)}")


def md_inline(text: str) -> str:
    """Text from articles as one line of Markdown that a renderer shows as text: ``render.md_cell``
    (no raw HTML, no line break, no link or table syntax), with emphasis and heading marks escaped."""
    from newsdigest.io.render import md_cell

    text = md_cell(" ".join(str(text).split()))
    for ch in "`*_#":
        text = text.replace(ch, "\\" + ch)
    return text


def _stories_markdown(stories: list[dict]) -> str:
    lines = ["# Stories", ""]
    if not stories:
        lines.append("_No story in the store yet._")
    for s in stories:
        lines.append(f"## {md_inline(s['title'] or s['id'])}")
        lines.append("")
        lines.append(f"`{s['id']}` · {s['publishers']} publisher(s), {len(s['articles'])} article(s) · "
                     f"updated {s['updated']}")
        lines.append("")
        if s.get("summary_first_sentence"):
            lines.append(md_inline(s["summary_first_sentence"]))
            lines.append("")
        lines.append("Outlets: " + ", ".join(md_inline(o) for o in s["outlets"]))
        lines.append("")
    return "\n".join(lines) + "\n"


@click.command("stories")
@db_option
@click.option("--since", default=None, help="Only stories with an article dated, or an update, on or after DATE (YYYY-MM-DD).")
@click.option("--outlet", default=None, help="Only stories this outlet reports.")
@click.option("--search", "query", default=None, help="Only stories whose titles or summary mention this text.")
@click.option("--format", "-f", "fmt", type=click.Choice(["json", "md"]), default=None,
              help="Output format [default: md on a terminal, json otherwise].")
def stories_cmd(db, since, outlet, query, fmt) -> None:
    """List the stories in the store, most recently updated first."""
    store = _open(db)
    stories = store.list_stories(since=since, outlet=outlet, query=query)
    if fmt is None:
        fmt = "md" if sys.stdout.isatty() else "json"
    if fmt == "json":
        click.echo(json.dumps({"stories": stories}, ensure_ascii=False, indent=2))
    else:
        click.echo(_stories_markdown(stories), nl=False)


def story_text(store, story_id: str, fmt: str, model=None, ner_model=None) -> str:
    """A stored story rendered as ``fmt``; a story whose articles changed since its digest was made
    is summarized now (with the analysis)."""
    live = store.resolve(story_id)
    text = store.digest(live, fmt)
    if text is None:
        from newsdigest.analysis.ner import load_ner
        from newsdigest.stories.update import summarize_stored
        from newsdigest.text.embed import load_encoder

        summarize_stored(store, live, load_encoder(model), nlp=load_ner(ner_model))
        text = store.digest(live, fmt)
    if text is None:
        raise StoreError(f"story {live!r} has no usable article to summarize")
    if fmt == "json":
        return json.dumps({"stories": [json.loads(text)], "dropped": []}, ensure_ascii=False, indent=2)
    return text


@click.command("show")
@click.argument("story_id")
@db_option
@click.option("--format", "-f", "fmt", type=click.Choice(["json", "md", "html"]), default=None,
              help="Output format [default: md on a terminal, json otherwise].")
@click.option("--model", "-m", default=None, help="Embedding model folder, if the story must be summarized again.")
@click.option("--ner-model", default=None, help="spaCy pipeline, if the story must be summarized again.")
def show_cmd(story_id, db, fmt, model, ner_model) -> None:
    """One story from the store, in the JSON contract (or Markdown, HTML). A story merged into
    another shows the one it was merged into."""
    from newsdigest.text.embed import ModelLoadError

    store = _open(db)
    if fmt is None:
        fmt = "md" if sys.stdout.isatty() else "json"
    try:
        live = store.resolve(story_id)
        if live != story_id:
            click.echo(f"newsdigest: story {story_id} was merged into {live}", err=True)
        click.echo(story_text(store, live, fmt, model, ner_model))
    except (StoreError, ModelLoadError) as exc:
        _fail(str(exc))


@click.command("merge")
@click.argument("into")
@click.argument("others", nargs=-1, required=True)
@db_option
def merge_cmd(into, others, db) -> None:
    """Merge the stories OTHERS into INTO (their ids keep leading to INTO)."""
    store = _open(db)
    try:
        for other in others:
            store.merge(into, other)
    except StoreError as exc:
        _fail(str(exc))
    click.echo(f"merged {', '.join(others)} into {store.resolve(into)}; it is summarized again on `show` or the next `add`")


@click.command("split")
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@db_option
def split_cmd(story_id, article_ids, db) -> None:
    """Move ARTICLE_IDS of STORY_ID into a new story (which records the story it came from)."""
    store = _open(db)
    try:
        new = store.split(story_id, list(article_ids))
    except StoreError as exc:
        _fail(str(exc))
    click.echo(new)


class _Interval(click.ParamType):
    name = "interval"

    def convert(self, value, param, ctx):
        from newsdigest.stories.watch import parse_interval

        try:
            return parse_interval(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


@click.command("watch")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--every", type=_Interval(), default="15m", show_default=True,
              help="Time between polls: 30s, 15m, 1h, 1h30m (a failing source waits longer: backoff).")
@click.option("--once", is_flag=True, help="Poll every source once and exit (for cron).")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=600), default=20.0, show_default=True,
              help="Seconds allowed for connecting to a feed, and for its whole response.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True, max=1e4), default=10.0, show_default=True,
              help="Largest feed response (the download stops there) and largest file read from a folder.")
@click.option("--retry-now", is_flag=True, help="Poll failing sources now, ignoring their backoff.")
@click.option("--words", "-w", type=click.IntRange(min=10), default=120, show_default=True,
              help="Length of each story's summary, in words.")
@click.option("--summary-only", is_flag=True, help="Skip the analysis when summarizing the stories that changed.")
@click.option("--no-summary", is_flag=True, help="Only store and cluster; summarize later (on `show`).")
@click.option("--model", "-m", default=None, help="Embedding model folder [default: bundled minilm-l6-m2v].")
@click.option("--ner-model", default=None, help="spaCy pipeline for named entities.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format: a line per source, or a JSON object per poll (one per line).")
def watch_cmd(sources, db, every, once, timeout, max_mb, retry_now, words, summary_only, no_summary, model,
              ner_model, fmt) -> None:
    """Poll SOURCES (RSS/Atom feed URLs over http(s), folders) into the store, every --every, until
    stopped (Ctrl-C). Feeds are fetched with conditional requests (ETag, Last-Modified), folders
    read only for files new or changed since the last poll; new articles are clustered into the
    stories and the stories that changed are summarized again, as with `add`. A failing source is
    reported and polled less often (exponential backoff) while the others go on; what each source
    last returned is kept in the store, so a later `watch` carries on from there."""
    import signal
    import threading

    from newsdigest.stories.watch import Watcher, source_kind, summary_line
    from newsdigest.text.embed import ModelLoadError, load_encoder

    for s in sources:
        try:
            source_kind(s)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="SOURCES") from None
    store = _open(db)
    encoder = nlp = None
    try:
        if not no_summary:
            encoder = load_encoder(model)
            if not summary_only:
                from newsdigest.analysis.ner import load_ner

                nlp = load_ner(ner_model)
    except ModelLoadError as exc:
        _fail(str(exc))
    limit = int(max_mb * 1024 * 1024)
    watcher = Watcher(store, sources, encoder=encoder, nlp=nlp, words=words, summarize=not no_summary,
                      every=every, timeout=timeout, max_bytes=limit, max_file_bytes=limit, ignore_backoff=retry_now)
    all_failed = False

    def show(reports) -> None:
        nonlocal all_failed
        all_failed = bool(reports) and all(r.status == "error" for r in reports)
        if fmt == "json":
            click.echo(json.dumps({"polled": _now(), "sources": [r.to_dict() for r in reports]}, ensure_ascii=False))
            return
        for r in reports:
            click.echo(f"[{_now()}] {r.line()}", err=r.status == "error")
            for d in r.dropped:
                click.echo(f"newsdigest: skipped {d['input']}: {d['reason']}", err=True)
        click.echo(f"[{_now()}] {summary_line(reports)}")

    stop = threading.Event()
    if not once and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with watcher:
            watcher.run(every=every, stop_event=stop, on_report=show, rounds=1 if once else None)
    except KeyboardInterrupt:
        click.echo("newsdigest: watch stopped", err=True)
    if once and all_failed:
        sys.exit(1)


def _now() -> str:
    from newsdigest.stories.store import now

    return now()


COMMANDS = [add_cmd, stories_cmd, show_cmd, merge_cmd, split_cmd, watch_cmd]
