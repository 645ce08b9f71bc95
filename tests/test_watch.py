"""`newsdigest watch`: feeds served by a local HTTP server on 127.0.0.1, folders in a temp dir.

New items are stored; a second poll is a conditional request answered 304; a failing source (500,
timeout, oversize, garbage) is reported and backed off while another source still works; folder
polling reads only new or changed files; intervals like 15m parse."""

import json
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from newsdigest.cli import main
from newsdigest.stories.store import open_store
from newsdigest.stories.watch import Watcher, parse_interval, source_kind

LAST_MODIFIED = formatdate(1924992000, usegmt=True)  # 2031-01-01


def rss(items, title="Harbor Wire"):
    body = "".join(
        f"<item><title>{t}</title><link>https://harbor.example/{i}</link><guid>https://harbor.example/{i}</guid>"
        f"<pubDate>Wed, 0{1 + n % 8} Jan 2031 10:00:00 GMT</pubDate><description>{text}</description></item>"
        for n, (i, t, text) in enumerate(items))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://harbor.example/</link>{body}</channel></rss>").encode()


ITEMS = [
    ("fire", "Warehouse fire on Pier 4",
     "A warehouse fire broke out on Pier 4 late on Tuesday, the fire department said. Two firefighters were treated "
     "for smoke inhalation. The cause is under investigation."),
    ("vote", "Council passes the harbor budget",
     "The city council passed the harbor budget by seven votes to two on Monday. The plan adds 40 berths and a "
     "new ferry terminal by 2033."),
    ("storm", "Storm closes the coastal road",
     "Police closed the coastal road north of Eastgate after a storm brought down trees on Sunday night. Crews "
     "expect to reopen it on Wednesday."),
]
NEW_ITEM = ("bridge", "Bridge repairs start",
            "Repairs to the Old Mill bridge started on Thursday and will take six weeks, the roads agency said. "
            "Traffic is diverted through Hill Street.")


class FeedServer:
    """Routes: path -> (status, headers, body) or a callable(handler) doing its own reply.
    Every request's path and headers are kept in ``requests``."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                elif callable(route):
                    route(self)
                else:
                    status, headers, body = route
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def hits(self, path):
        return [h for p, h in self.requests if p == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    s = FeedServer()
    yield s
    s.close()


def conditional_feed(body, etag='"v1"', last_modified=LAST_MODIFIED):
    """A feed that answers 304 to a request carrying its current ETag (or Last-Modified date)."""
    state = {"body": body, "etag": etag}

    def reply(handler):
        if ((state["etag"] and handler.headers.get("If-None-Match") == state["etag"])
                or (not state["etag"] and handler.headers.get("If-Modified-Since") == last_modified)):
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        if state["etag"]:
            handler.send_header("ETag", state["etag"])
        handler.send_header("Last-Modified", last_modified)
        handler.send_header("Content-Length", str(len(state["body"])))
        handler.end_headers()
        handler.wfile.write(state["body"])

    reply.state = state
    return reply


class Clock:
    def __init__(self, t=1_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


def watcher(store, sources, **kw):
    kw.setdefault("summarize", False)
    kw.setdefault("timeout", 2.0)
    return Watcher(store, sources, **kw)


def by_source(reports):
    return {r.source: r for r in reports}


def test_new_items_are_stored_and_a_second_poll_is_a_304(server, tmp_path):
    feed = conditional_feed(rss(ITEMS))
    server.routes["/feed.xml"] = feed
    url = server.base + "/feed.xml"
    store = open_store(tmp_path / "s.db")
    with watcher(store, [url]) as w:
        (first,) = w.poll_once()
    assert first.status == "updated" and first.http_status == 200 and len(first.added) == 3
    assert store.counts()["articles"] == 3
    stored = [a for s in store.list_stories() for a in s["articles"]]
    assert {a["source"] for a in stored} == {"Harbor Wire"}
    assert {a["url"] for a in stored} == {f"https://harbor.example/{i}" for i, _, _ in ITEMS}
    state = store.source_state(url)
    assert state["etag"] == '"v1"' and state["last_modified"] == LAST_MODIFIED and state["added"] == 3

    # A new watcher (a restart) still sends the validators it stored, and gets a 304.
    with watcher(store, [url]) as w:
        (second,) = w.poll_once()
    headers = server.hits("/feed.xml")[-1]
    assert headers.get("If-None-Match") == '"v1"' and headers.get("If-Modified-Since") == LAST_MODIFIED
    assert second.status == "not modified" and second.http_status == 304 and second.added == []
    assert store.counts()["articles"] == 3

    # The feed changes: only the new item is added; the three old ones are already stored.
    feed.state.update(body=rss(ITEMS + [NEW_ITEM]), etag='"v2"')
    with watcher(store, [url]) as w:
        (third,) = w.poll_once()
    assert len(third.added) == 1 and third.duplicates == 3
    assert store.counts()["articles"] == 4 and store.source_state(url)["etag"] == '"v2"'


def test_last_modified_alone_is_used_when_there_is_no_etag(server, tmp_path):
    server.routes["/lm.xml"] = conditional_feed(rss(ITEMS[:1]), etag=None)
    url = server.base + "/lm.xml"
    store = open_store(tmp_path / "s.db")
    with watcher(store, [url]) as w:
        assert w.poll_once()[0].status == "updated"
        assert w.poll_once()[0].status == "not modified"
    assert "If-None-Match" not in server.hits("/lm.xml")[-1]


def test_failing_sources_are_reported_and_backed_off_while_another_works(server, tmp_path):
    server.routes["/good.xml"] = conditional_feed(rss(ITEMS))
    server.routes["/error"] = (500, {}, b"boom")

    def slow(handler):
        time.sleep(1.5)
        handler.send_response(200)
        handler.end_headers()

    def endless(handler):  # no Content-Length: the size limit must stop the stream
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        try:
            for _ in range(400):
                handler.wfile.write(b"<!-- padding -->" * 64)
        except OSError:
            pass

    server.routes["/slow"] = slow
    server.routes["/big"] = endless
    server.routes["/declared-big"] = (200, {}, b"x" * 200_000)
    server.routes["/garbage"] = (200, {"Content-Type": "text/html"}, b"<html><body>Not a feed \x00\xff</body></html>")
    names = ["/good.xml", "/error", "/slow", "/big", "/declared-big", "/garbage"]
    urls = [server.base + n for n in names]
    store = open_store(tmp_path / "s.db")
    clock = Clock()
    w = watcher(store, urls, every=60, timeout=0.5, max_bytes=100_000, clock=clock)

    started = time.monotonic()
    reports = by_source(w.poll_once())
    assert time.monotonic() - started < 10
    good = reports[server.base + "/good.xml"]
    assert good.status == "updated" and len(good.added) == 3
    errors = {n: reports[server.base + n] for n in names[1:]}
    assert all(r.status == "error" and r.failures == 1 for r in errors.values())
    assert "HTTP 500" in errors["/error"].error and errors["/error"].http_status == 500
    assert "timed out" in errors["/slow"].error
    assert "limit" in errors["/big"].error and "stopped" in errors["/big"].error
    assert "200,000 bytes" in errors["/declared-big"].error
    assert "not an RSS/Atom feed" in errors["/garbage"].error
    assert store.counts()["articles"] == 3

    # Ten seconds later: the failing sources back off (no request made), the good one is polled.
    before = len(server.requests)
    clock.t += 10
    reports = by_source(w.poll_once())
    assert reports[server.base + "/good.xml"].status == "not modified"
    assert all(reports[server.base + n].status == "backing off" for n in names[1:])
    assert len(server.requests) == before + 1

    # At the next round (every = 60 s) they are tried again; a second failure doubles the wait.
    clock.t += 50
    reports = by_source(w.poll_once())
    err = reports[server.base + "/error"]
    assert err.status == "error" and err.failures == 2
    assert store.source_state(server.base + "/error")["retry_after"] == clock.t + 120
    clock.t += 60
    assert by_source(w.poll_once())[server.base + "/error"].status == "backing off"

    # The source recovers: its first success clears the failures.
    server.routes["/error"] = conditional_feed(rss([NEW_ITEM]))
    clock.t += 60
    recovered = by_source(w.poll_once())[server.base + "/error"]
    assert recovered.status == "updated" and len(recovered.added) == 1
    state = store.source_state(server.base + "/error")
    assert state["failures"] == 0 and state["retry_after"] is None and state["last_error"] is None
    w.close()


def test_retry_after_from_the_server_is_respected(server, tmp_path):
    server.routes["/busy"] = (503, {"Retry-After": "3600"}, b"")
    store = open_store(tmp_path / "s.db")
    clock = Clock()
    with watcher(store, [server.base + "/busy"], every=60, clock=clock) as w:
        (r,) = w.poll_once()
    assert r.status == "error" and store.source_state(server.base + "/busy")["retry_after"] == clock.t + 3600


def test_an_unreachable_host_is_an_error_not_a_crash(tmp_path):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    store = open_store(tmp_path / "s.db")
    with watcher(store, [f"http://127.0.0.1:{port}/feed.xml", str(tmp_path / "missing")]) as w:
        reports = w.poll_once()
    assert [r.status for r in reports] == ["error", "error"]
    assert "ConnectError" in reports[0].error and "no such file" in reports[1].error


def _article(folder, name, title, text):
    path = folder / name
    path.write_text(f"Title: {title}\nSource: Town Bulletin\nDate: 2031-04-02\n\n{text}\n", encoding="utf-8")
    return path


def test_folder_polling_reads_only_new_or_changed_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a.txt", "Library extends hours",
             "The Eastbrook public library will open until 9 p.m. on weekdays from May, the board announced.")
    _article(folder, "b.txt", "Ferry fares rise",
             "Ferry fares between Eastbrook and the islands will rise by 5 percent in June, the operator said.")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    store = open_store(tmp_path / "s.db")
    w = watcher(store, [str(folder)])
    (r,) = w.poll_once()
    assert r.kind == "folder" and r.files_read == 2 and len(r.added) == 2 and r.status == "updated"
    (r,) = w.poll_once()
    assert r.status == "unchanged" and r.files_read == 0 and r.added == []

    _article(folder, "c.txt", "School roof repaired",
             "Workers finished repairing the roof of the Hill Street school on Friday, ahead of the new term.")
    (r,) = w.poll_once()
    assert r.files_read == 1 and len(r.added) == 1
    # A file rewritten (new size and time) is read again; the same text is not stored twice.
    b = folder / "b.txt"
    b.write_text(b.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (r,) = w.poll_once()
    assert r.files_read == 1 and r.added == [] and r.duplicates == 1
    assert store.counts()["articles"] == 3
    assert set(store.source_state(str(folder))["files"]) == {"a.txt", "b.txt", "c.txt"}


def test_changed_stories_are_summarized_as_with_add(tmp_path, encoder):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a.txt", "Library extends hours",
             "The Eastbrook public library will open until 9 p.m. on weekdays from May, the board announced. "
             "The change follows a survey of 1,200 readers.")
    store = open_store(tmp_path / "s.db")
    (r,) = watcher(store, [str(folder)], encoder=encoder, summarize=True).poll_once()
    assert len(r.added) == 1 and r.summarized == r.stories_touched
    digest = json.loads(store.digest(r.stories_touched[0]))
    assert "library" in digest["summary"][0]["text"]


def test_run_polls_until_stopped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    store = open_store(tmp_path / "s.db")
    w = watcher(store, [str(folder)])
    stop = threading.Event()
    rounds = []

    def on_report(reports):
        rounds.append(reports)
        if len(rounds) == 1:
            _article(folder, "late.txt", "Late news",
                     "A late report about the harbor dredging plan was published on Friday by the port authority.")
        if len(rounds) >= 3:
            stop.set()

    t = threading.Thread(target=w.run, kwargs={"every": 0.05, "stop_event": stop, "on_report": on_report})
    t.start()
    t.join(timeout=30)
    assert not t.is_alive() and len(rounds) == 3
    assert len(rounds[1][0].added) == 1 and rounds[2][0].status == "unchanged"


@pytest.mark.parametrize("text,seconds", [("15m", 900), ("30s", 30), ("1h", 3600), ("1h30m", 5400), ("2d", 172800),
                                          ("90", 90), ("0.5s", 0.5), (" 10 M ", 600), (45, 45)])
def test_intervals(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "abc", "5x", "-1m", "m", "1h 30", "0"])
def test_bad_intervals(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_source_kinds():
    assert source_kind("https://example.com/feed.xml") == "feed"
    assert source_kind("folder/sub") == "folder"
    for bad in ("ftp://example.com/x", "file:///etc/passwd", "http://"):
        with pytest.raises(ValueError):
            source_kind(bad)


def test_watch_command_once(server, tmp_path):
    server.routes["/feed.xml"] = conditional_feed(rss(ITEMS[:2]))
    server.routes["/error"] = (500, {}, b"")
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a.txt", "Library extends hours",
             "The Eastbrook public library will open until 9 p.m. on weekdays from May, the board announced.")
    db = str(tmp_path / "s.db")
    args = ["watch", server.base + "/feed.xml", server.base + "/error", str(folder), "--db", db, "--once",
            "--no-summary", "-f", "json", "--every", "30s"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    statuses = [s["status"] for s in report["sources"]]
    assert statuses == ["updated", "error", "updated"]
    assert open_store(db).counts()["articles"] == 3

    # Text report; the failing source now backs off, unless --retry-now.
    result = CliRunner().invoke(main, args[:-4] + ["--every", "30s"])
    assert result.exit_code == 0 and "not modified" in result.output and "backing off" in result.output
    result = CliRunner().invoke(main, args[:-4] + ["--retry-now"])
    assert "HTTP 500" in result.output

    # Every source failing: exit code 1; bad arguments: usage errors.
    only_bad = CliRunner().invoke(main, ["watch", server.base + "/error", "--db", db, "--once", "--retry-now",
                                         "--no-summary"])
    assert only_bad.exit_code == 1
    assert CliRunner().invoke(main, ["watch", str(folder), "--db", db, "--every", "soon"]).exit_code == 2
    assert CliRunner().invoke(main, ["watch", "ftp://x/feed", "--db", db, "--once"]).exit_code == 2
