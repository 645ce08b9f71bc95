"""newsdigest serve: every API endpoint, the reading pages, bad and oversize requests, unknown
ids, escaping of hostile text and non-http links (FastAPI's TestClient, no network)."""

import json
import threading
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from newsdigest.io.render import safe_url  # noqa: E402
from newsdigest.serve.app import create_app  # noqa: E402
from newsdigest.serve.deps import Models  # noqa: E402
from newsdigest.stories.store import open_store  # noqa: E402
from newsdigest.stories.update import add_paths  # noqa: E402

MIXED_DAY = Path(__file__).parent / "data" / "mixed_day"
HOSTILE = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def served(tmp_path_factory, encoder, nlp):
    store = open_store(tmp_path_factory.mktemp("serve") / "store.db")
    add_paths(store, [MIXED_DAY], encoder=encoder, nlp=nlp)
    app = create_app(store=store, models=Models(encoder=encoder, nlp=nlp), max_body=64 * 1024)
    with TestClient(app) as client:
        yield client, store


@pytest.fixture
def client(served):
    return served[0]


def _ids(client):
    return [s["id"] for s in client.get("/api/v1/stories").json()["stories"]]


def _fire_id(client):
    r = client.get("/api/v1/stories", params={"q": "fire"})
    return r.json()["stories"][0]["id"]


# -- API ------------------------------------------------------------------------------------------


def test_health(client):
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["stories"] >= 2 and body["articles"] >= 6
    assert r.headers["x-content-type-options"] == "nosniff"


def test_openapi_page_and_schema(client):
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    for path in ("/api/v1/health", "/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/articles"):
        assert path in schema["paths"]


def test_list_stories_paged_and_filtered(client):
    r = client.get("/api/v1/stories")
    body = r.json()
    assert r.status_code == 200 and body["total"] >= 2
    titles = " ".join(s["title"] for s in body["stories"])
    assert "Lindqvist" in titles and "fire" in titles.lower()
    first = client.get("/api/v1/stories", params={"limit": 1}).json()
    assert len(first["stories"]) == 1 and first["next_offset"] == 1
    second = client.get("/api/v1/stories", params={"limit": 1, "offset": 1}).json()
    assert second["stories"][0]["id"] != first["stories"][0]["id"]
    herald = client.get("/api/v1/stories", params={"outlet": "northvale herald"}).json()["stories"]
    assert herald and all("Northvale Herald" in s["outlets"] for s in herald)
    assert client.get("/api/v1/stories", params={"q": "no such words anywhere"}).json()["stories"] == []
    assert client.get("/api/v1/stories", params={"since": "2031-04-01"}).json()["total"] >= 2
    by_update = client.get("/api/v1/stories", params={"order": "updated"}).json()["stories"]
    assert len(by_update) == body["total"] or len(by_update) == 20
    for s in body["stories"]:
        assert {"id", "title", "outlets", "articles", "independent_publishers", "rank_score"} <= set(s)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"since": "yesterday"},
                                    {"order": "random"}, {"limit": "ten"}, {"q": "x" * 301}])
def test_list_stories_bad_params(client, params):
    r = client.get("/api/v1/stories", params=params)
    assert r.status_code == 422
    assert r.json()["detail"]


def test_story_json_md_html(client):
    sid = _fire_id(client)
    r = client.get(f"/api/v1/stories/{sid}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    story = r.json()
    assert story["id"] == sid and story["summary"]
    support = story["summary"][0]["support"][0]
    assert {"article_id", "source", "text", "sentence_index", "score"} <= set(support)
    md = client.get(f"/api/v1/stories/{sid}", params={"format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert story["summary"][0]["text"][:30] in md.text
    html = client.get(f"/api/v1/stories/{sid}", params={"format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "sandbox" in html.headers["content-security-policy"]
    assert client.get(f"/api/v1/stories/{sid}", params={"format": "pdf"}).status_code == 422


@pytest.mark.parametrize("sid", ["st-000000000000", "nope", "..", "%2e%2e%2fetc%2fpasswd", "x" * 300, "a b"])
def test_unknown_or_malformed_story_ids(client, sid):
    r = client.get(f"/api/v1/stories/{sid}")
    assert r.status_code in (404, 422), (sid, r.status_code)
    assert r.json()["detail"]
    page = client.get(f"/stories/{sid}")
    # (the client itself turns /stories/.. into /, the front page)
    assert page.status_code in (404, 422) or page.url.path == "/"


def test_post_one_article_and_a_list(client):
    one = {"id": "api-fire-4", "source": "Dunmore Radio", "title": "Dunmore factory fire under control",
           "date": "2031-04-02",
           "text": "A fire destroyed the Halvorsen textile factory in Dunmore early on Tuesday. "
                   "Fire chief Mara Quist said two workers were treated for smoke inhalation. "
                   "Forty firefighters fought the blaze for five hours."}
    r = client.post("/api/v1/articles", json=one)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["added"] == ["api-fire-4"] and body["stories_touched"]
    again = client.post("/api/v1/articles", json=[one])
    assert again.status_code == 200 and again.json()["already_stored"] == ["api-fire-4"]
    many = [{"id": f"api-x{k}", "outlet": f"Outlet {k}", "title": f"Harbor ferry service resumes {k}",
             "text": f"The harbor ferry service resumed on Monday after a {k + 2}-day strike ended, the operator said."}
            for k in range(2)]
    r = client.post("/api/v1/articles?summarize=false", json=many)
    assert r.status_code == 201 and len(r.json()["added"]) == 2
    touched = r.json()["stories_touched"]
    # Not summarized yet: the first view summarizes it.
    page = client.get(f"/stories/{touched[0]}")
    assert page.status_code == 200 and "harbor ferry service resumed" in page.text.lower()


def test_a_story_with_new_articles_is_read_from_its_previous_digest_while_the_next_is_made(tmp_path, encoder, nlp):
    """No reader waits behind a summary: the previous digest is served, marked stale, and the next
    one is made in the background."""
    store = open_store(tmp_path / "store.db")
    add_paths(store, [MIXED_DAY], encoder=encoder, nlp=nlp)
    app = create_app(store=store, models=Models(encoder=encoder, nlp=nlp))
    service = app.state.service
    with TestClient(app) as client:
        fire = _fire_id(client)
        before = client.get(f"/api/v1/stories/{fire}").json()
        new = {"id": "late-fire", "source": "Dunmore Radio", "title": "Dunmore factory fire: the cause",
               "text": "Investigators said on Wednesday that an electrical fault started the fire at the "
                       "Halvorsen textile factory in Dunmore, where two workers were hurt."}
        r = client.post("/api/v1/articles?summarize=false", json=new)
        assert r.status_code == 201 and r.json()["stories_touched"] == [fire]
        with service.locks.get(fire):  # hold the background summary back while reading
            page = client.get(f"/stories/{fire}")
            assert page.status_code == 200 and "An updated summary is being made" in page.text
            assert "(1 newer)" in page.text
            stale = client.get(f"/api/v1/stories/{fire}")
            assert stale.headers["x-summary-stale"] == "true"
            assert len(stale.json()["articles"]) == len(before["articles"])
            listed = client.get("/api/v1/stories", params={"q": "fire"}).json()["stories"][0]
            assert listed["summary_stale"] is True and listed["summary_first_sentence"]
        assert service.wait_refreshed(timeout=120)
        fresh = client.get(f"/api/v1/stories/{fire}")
        assert "x-summary-stale" not in fresh.headers
        assert {a["id"] for a in fresh.json()["articles"]} == {a["id"] for a in before["articles"]} | {"late-fire"}
        page = client.get(f"/stories/{fire}")
        assert "An updated summary is being made" not in page.text
    store.dispose()


def test_digests_and_adds_run_in_a_worker_process(tmp_path):
    """`serve` (no ready-made models): the process answering readers loads no model; summaries
    and articles added through the API are made by the worker process."""
    app = create_app(tmp_path / "store.db", analysis=False)
    service = app.state.service
    assert type(service.worker).__name__ == "ProcessWorker"
    texts = sorted(MIXED_DAY.glob("fire*.txt"))
    records = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in texts]
    with TestClient(app) as client:
        r = client.post("/api/v1/articles", json=records)
        assert r.status_code == 201, r.text
        assert sorted(r.json()["added"]) == [p.stem for p in texts] and r.json()["summarized"]
        sid = r.json()["stories_touched"][0]
        story = client.get(f"/api/v1/stories/{sid}").json()
        assert story["summary"] and {a["id"] for a in story["articles"]} >= {"fire1", "fire2"}
        assert "Halvorsen" in client.get(f"/stories/{sid}").text
        assert app.state.models._encoder is None and app.state.models._nlp is None
        # A worker killed (out of memory, say): one 503 that says so, then a new worker.
        import os
        import signal

        pool = service.worker._executor()
        for pid in list(pool._processes):
            os.kill(pid, signal.SIGKILL)
        late = {"id": "late", "source": "Dunmore Radio", "text": "The Halvorsen textile factory in Dunmore "
                "will reopen next month, its owner said on Friday after the fire."}
        r = client.post("/api/v1/articles", json=late)
        if r.status_code == 503:  # the pool noticed the death at this call
            assert "worker process stopped" in r.json()["detail"] and r.headers["retry-after"]
            r = client.post("/api/v1/articles", json=late)
        assert r.status_code == 201, r.text


def test_a_page_many_readers_ask_for_at_once_is_made_once(served, monkeypatch):
    """Fifty readers opening the same cold story page (and the front page) at the same moment:
    each page is rendered once, the others wait for that render."""
    import asyncio

    import httpx

    from newsdigest.serve.routes import pages

    client, store = served
    fire = _fire_id(client)
    app = client.app
    app.state.service._pages.clear()
    app.state.service._recent.clear()
    calls = {"story": 0, "front": 0}
    real_story, real_render = pages._story_page, pages.render_page

    def counted_story(service, story_id):
        calls["story"] += 1
        return real_story(service, story_id)

    def counted_render(name, *args, **kwargs):
        if name == "front.html":
            calls["front"] += 1
        return real_render(name, *args, **kwargs)

    monkeypatch.setattr(pages, "_story_page", counted_story)
    monkeypatch.setattr(pages, "render_page", counted_render)

    async def many():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as ac:
            return await asyncio.gather(*[ac.get(f"/stories/{fire}") for _ in range(25)],
                                        *[ac.get("/") for _ in range(25)])

    replies = asyncio.run(many())
    assert all(r.status_code == 200 for r in replies)
    assert len({r.text for r in replies[:25]}) == 1 and "Halvorsen" in replies[0].text
    assert calls == {"story": 1, "front": 1}


@pytest.mark.parametrize("body", [
    {}, {"title": "no text"}, {"text": ""}, {"text": "   "}, {"text": 42}, [], "just a string", 17,
    {"text": "Some words here.", "url": "javascript:alert(1)"}, {"text": "Words.", "url": "ftp://x.example/a"},
    {"text": "Words.", "id": "x" * 500}, {"text": "Words.", "title": ["a", "b"]},
])
def test_post_invalid_bodies(client, body):
    r = client.post("/api/v1/articles", json=body)
    assert r.status_code == 422, (body, r.status_code, r.text)
    assert r.json()["detail"]


def test_post_not_json(client):
    r = client.post("/api/v1/articles", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"]
    r = client.post("/api/v1/articles", content=b"\xff\xfe\x00garbage", headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500


def test_post_no_usable_sentence(client):
    r = client.post("/api/v1/articles", json={"text": "ok", "source": "Tiny"})
    assert 200 <= r.status_code < 500
    if r.status_code == 422:
        assert "no usable article" in r.json()["detail"]


def test_oversize_bodies(client):
    big = {"text": "word " * 20000}  # ~100 KB, over the 64 KB limit of this app
    r = client.post("/api/v1/articles", json=big)
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    assert r.headers["x-content-type-options"] == "nosniff"

    def stream():  # no Content-Length: counted as it arrives
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    r = client.post("/api/v1/articles", content=stream(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = client.post("/api/v1/articles", content=b"{}", headers={"content-type": "application/json",
                                                                 "content-length": "abc"})
    assert r.status_code == 400
    too_many = [{"text": f"Sentence number {k} is here."} for k in range(201)]
    r = client.post("/api/v1/articles", json=too_many)
    assert r.status_code in (413, 422)


# -- pages ----------------------------------------------------------------------------------------


def test_front_page(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "Lindqvist wins Northvale mayoral election" in html
    for landmark in ("<header", "<nav", "<main", "<footer", 'class="skip"', '<label for="q"'):
        assert landmark in html
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html  # nothing external
    assert "Lindqvist" in client.get("/", params={"q": "Lindqvist"}).text
    assert "Lindqvist" not in client.get("/", params={"q": "textile"}).text
    assert client.get("/", params={"page": 0}).status_code == 422


def test_static_files_shipped(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "skip" in css.text
    assert client.get("/static/cite.js").status_code == 200
    assert client.get("/static/../app.py").status_code == 404


def test_story_page(client):
    sid = _fire_id(client)
    story = client.get(f"/api/v1/stories/{sid}").json()
    r = client.get(f"/stories/{sid}")
    assert r.status_code == 200
    html = r.text
    assert 'id="summary"' in html and '<details class="cite">' in html
    first = story["summary"][0]
    assert first["text"][:40].replace("'", "&#39;") in html
    # The supporting sentences are in the page (revealed by the <details>, no script needed).
    assert first["support"][0]["text"][:30].replace("'", "&#39;") in html
    assert "Key players" in html or not story["key_players"]


def test_merged_story_redirects(tmp_path, encoder, nlp):
    store = open_store(tmp_path / "m.db")
    add_paths(store, [MIXED_DAY], encoder=encoder, nlp=nlp)
    a, b = [s["id"] for s in store.list_stories()]
    store.merge(a, b)
    with TestClient(create_app(store=store, models=Models(encoder=encoder, nlp=nlp))) as client:
        r = client.get(f"/stories/{b}", follow_redirects=False)
        assert r.status_code == 307 and r.headers["location"] == f"/stories/{a}"
        api = client.get(f"/api/v1/stories/{b}")
        assert api.status_code == 200 and api.headers["x-story-id"] == a


def test_hostile_text_is_escaped(client):
    rec = {"id": "hostile-1", "source": f"Evil {HOSTILE} Times", "title": f"Breaking {HOSTILE} news",
           "text": f"The town council {HOSTILE} voted on Monday to close the old bridge for repairs. "
                   f"The mayor said <img src=x onerror=alert(1)> the work would take six weeks."}
    r = client.post("/api/v1/articles", json=rec)
    assert r.status_code == 201, r.text
    sid = r.json()["stories_touched"][0]
    for page in (client.get("/").text, client.get("/", params={"q": "bridge"}).text, client.get(f"/stories/{sid}").text):
        assert "<script>alert" not in page and "<img src=x" not in page
    story_page = client.get(f"/stories/{sid}").text
    assert "&lt;script&gt;" in story_page
    assert json.loads(client.get(f"/api/v1/stories/{sid}").text)["id"] == sid


def test_non_http_link_not_rendered(served, encoder, nlp):
    client, store = served
    add_paths(store, records=[{"id": "js-link", "source": "Sly Post", "url": "javascript:alert(1)",
                               "title": "Canal lock repairs finish early",
                               "text": "Repairs to the canal lock finished two weeks early, the waterways office said on Friday."}],
              encoder=encoder, nlp=nlp)
    sid = client.get("/api/v1/stories", params={"q": "canal lock"}).json()["stories"][0]["id"]
    html = client.get(f"/stories/{sid}").text
    assert "javascript:" not in html
    assert "not an http(s) address" in html


def test_safe_url():
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_url("HTTP://example.com") == "HTTP://example.com"
    for bad in ("javascript:alert(1)", "jav\tascript:alert(1)", " javascript:x", "data:text/html,x", "//evil.example",
                "/relative", "mailto:a@b.c", "https://", None, 3, "http://exa mple.com"):
        assert safe_url(bad) is None, bad


def test_background_job_hook(tmp_path):
    started, stopped = threading.Event(), threading.Event()

    def job(store, stop):
        started.set()
        stop.wait(5)
        stopped.set()

    app = create_app(tmp_path / "jobs.db", jobs=[job])
    with TestClient(app) as client:
        assert started.wait(5)
        assert client.get("/api/v1/health").json()["stories"] == 0
        assert "No story in the store yet" in client.get("/").text
    assert stopped.is_set()


def test_serve_command_registered():
    from click.testing import CliRunner

    from newsdigest.cli import main

    out = CliRunner().invoke(main, ["serve", "--help"])
    assert out.exit_code == 0 and "--port" in out.output and "127.0.0.1" in out.output
    assert "--workers" in out.output
    # The watcher runs in one process: several server processes would each poll the sources.
    out = CliRunner().invoke(main, ["serve", "--watch", "feeds", "--workers", "2"])
    assert out.exit_code == 2 and "--workers 1" in out.output


def test_serve_watch_polls_a_folder_into_the_store(tmp_path):
    """`serve --watch FOLDER`: the watcher job stores and clusters what appears in the folder."""
    import shutil
    import time

    from newsdigest.serve.cli import watch_job

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in (Path(__file__).parent / "data" / "mixed_day").glob("fire*.txt"):
        shutil.copy(f, inbox / f.name)
    app = create_app(tmp_path / "watched.db", jobs=[watch_job([str(inbox)], every=0.2)])
    with TestClient(app) as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and client.get("/api/v1/health").json()["stories"] < 1:
            time.sleep(0.2)
        stories = client.get("/api/v1/stories").json()["stories"]
        assert len(stories) == 1 and sorted(a["id"] for a in stories[0]["articles"]) == ["fire1", "fire2", "fire3"]


def test_docs_page_needs_no_cdn(tmp_path):
    with TestClient(create_app(tmp_path / "docs.db")) as client:
        page = client.get("/docs")
        assert page.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in page.text
        assert "cdn" not in page.text.lower() and "https://" not in page.text
        assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
        assert client.get("/openapi.json").json()["paths"]["/api/v1/stories"]
