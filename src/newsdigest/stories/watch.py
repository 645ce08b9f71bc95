"""Keeping the store fresh: ``newsdigest watch`` polls feed URLs and folders into the store.

A source is a feed URL (RSS or Atom over http or https) or a folder (or a single file). Each poll
reads only what is new:

- a feed is fetched with a conditional request (``If-None-Match`` / ``If-Modified-Since`` from the
  ETag and Last-Modified of its last good response), so an unchanged feed costs a 304 and nothing
  else; a changed feed is read by the ingest's feed reader and its items go through ``add`` (items
  already stored, same URL or same text, are counted and skipped);
- a folder is walked and only the files whose modification time or size changed since the last
  poll (or that are new) are read.

Fetching is bounded: a timeout per operation and per response, a size limit checked while the
body streams in (the download stops there), and redirects followed at most five times. A source
that fails (network error, HTTP error, timeout, oversize or unreadable response, missing folder)
is reported and backed off exponentially: after the n-th failure in a row it is not polled again
for ``every * 2**(n-1)`` seconds (at most ``max_backoff``; longer if the server's Retry-After
asks); its first success resets that. One source's failure never stops the others.

Everything remembered between polls (validators, folder files, failures, retry time) lives in the
store's ``sources`` table, so a restarted watcher, or ``watch --once`` run from cron, carries on
where the last one stopped. ``Watcher.run`` polls until a ``threading.Event`` is set, so a server
can run it in a background thread.
"""

from __future__ import annotations

import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from newsdigest.stories.store import Store, now

DEFAULT_EVERY = 15 * 60.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_FEED_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_BACKOFF = 6 * 3600.0
MAX_REDIRECTS = 5
USER_AGENT = "newsdigest-watch/0.1 (+https://github.com/newsdigest)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str | float | int) -> float:
    """``15m``, ``30s``, ``1h``, ``1h30m``, ``2d`` or a plain number of seconds, as seconds."""
    if isinstance(text, (int, float)):
        seconds = float(text)
    else:
        value = str(text).strip().lower()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            seconds = float(value)
        elif value and re.fullmatch(r"(\d+(\.\d+)?\s*[smhd]\s*)+", value):
            seconds = sum(float(n) * _UNITS[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", value))
        else:
            raise ValueError(f"cannot read the interval {text!r}: use a number and a unit, like 30s, 15m, 1h or 1h30m")
    if not seconds > 0:
        raise ValueError(f"the interval must be longer than zero, not {text!r}")
    return seconds


class FetchError(Exception):
    """A feed that could not be fetched; the message says why (for the report)."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass
class SourceReport:
    """What one poll did with one source."""

    source: str
    kind: str  # "feed" or "folder"
    status: str  # "updated", "no new articles", "not modified", "unchanged", "error", "backing off"
    added: list[str] = field(default_factory=list)
    duplicates: int = 0
    stories_touched: list[str] = field(default_factory=list)
    summarized: list[str] = field(default_factory=list)
    dropped: list[dict[str, str]] = field(default_factory=list)
    files_read: int = 0
    http_status: int | None = None
    error: str | None = None
    failures: int = 0
    retry_at: str | None = None

    @property
    def ok(self) -> bool:
        return self.status not in ("error", "backing off")

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "kind": self.kind, "status": self.status, "added": self.added,
            "already_stored": self.duplicates, "stories_touched": self.stories_touched,
            "summarized": self.summarized, "dropped": self.dropped, "files_read": self.files_read,
            "http_status": self.http_status, "error": self.error, "failures": self.failures,
            "retry_at": self.retry_at,
        }

    def line(self) -> str:
        """One line for a person."""
        if self.status == "error":
            return (f"{self.source}: error: {self.error} ({self.failures} failure(s) in a row; "
                    f"next try after {self.retry_at})")
        if self.status == "backing off":
            return f"{self.source}: backing off until {self.retry_at} (last error: {self.error})"
        if self.status in ("not modified", "unchanged"):
            return f"{self.source}: {self.status}"
        text = (f"{self.source}: {len(self.added)} new article(s), {self.duplicates} already stored, "
                f"{len(self.stories_touched)} story(ies) changed")
        if self.kind == "folder":
            text += f", {self.files_read} file(s) read"
        if self.dropped:
            text += f", {len(self.dropped)} skipped"
        return text


def source_kind(source: str) -> str:
    """``feed`` for an http(s) URL, ``folder`` for a path; ValueError for any other URL."""
    if re.match(r"(?i)^https?://", source):
        if not urlsplit(source).hostname:
            raise ValueError(f"{source!r} is not a usable URL (no host)")
        return "feed"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source):
        raise ValueError(f"{source!r}: only http(s) feed URLs and folders can be watched")
    return "folder"


def source_key(source: str) -> str:
    """How a source is named in the store: the URL as given, or the folder's absolute path."""
    if source_kind(source) == "feed":
        return source.strip()
    return str(Path(source).expanduser().resolve())


def _epoch_to_iso(t: float | None) -> str | None:
    if t is None:
        return None
    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="seconds")


def _retry_after_seconds(value: str | None, clock_now: float) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - clock_now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class Watcher:
    """Polls ``sources`` into ``store``; see the module docstring.

    ``encoder`` (and ``nlp``) summarize the stories that changed, as ``add`` does; without an
    encoder articles are only stored and clustered (``show`` summarizes later). ``clock`` gives
    epoch seconds (tests pass a fake one); ``client`` is an ``httpx.Client`` (one is made and
    closed by the watcher otherwise).
    """

    def __init__(
        self,
        store: Store,
        sources: Iterable[str],
        *,
        encoder=None,
        nlp=None,
        words: int | None = None,
        summarize: bool = True,
        every: float = DEFAULT_EVERY,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_FEED_BYTES,
        max_file_bytes: int | None = None,
        max_backoff: float = DEFAULT_MAX_BACKOFF,
        ignore_backoff: bool = False,
        client=None,
        clock: Callable[[], float] = time.time,
        make_clusterer=None,
    ):
        self.store = store
        self.sources: list[tuple[str, str]] = []
        for s in sources:
            kind = source_kind(s)
            key = source_key(s)
            if key not in [k for k, _ in self.sources]:
                self.sources.append((key, kind))
        if not self.sources:
            raise ValueError("nothing to watch: give feed URLs or folders")
        self.encoder = encoder
        self.nlp = nlp
        self.words = words
        self.summarize = summarize and encoder is not None
        self.every = float(every)
        self.timeout = float(timeout)
        self.max_bytes = int(max_bytes)
        self.max_file_bytes = max_file_bytes
        self.max_backoff = float(max_backoff)
        self.ignore_backoff = ignore_backoff
        self.clock = clock
        self.make_clusterer = make_clusterer
        self._own_client = client is None
        self._client = client
        self._lock = threading.Lock()  # one poll at a time (a server may also poll on demand)

    # -- the loop --------------------------------------------------------------------------------

    @property
    def client(self):
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                follow_redirects=True, max_redirects=MAX_REDIRECTS,
                headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
            )
        return self._client

    def close(self) -> None:
        if self._own_client and self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def poll_once(self) -> list[SourceReport]:
        """Poll every source once (those backing off are reported, not polled)."""
        with self._lock:
            round_start = self.clock()
            reports = []
            for key, kind in self.sources:
                try:
                    report = self._poll(key, kind, round_start)
                except Exception as exc:  # a bug or a store error costs this source's poll, not the rest
                    report = self._failed(key, kind, round_start, f"{type(exc).__name__}: {exc}")
                reports.append(report)
            return reports

    def run(self, every: float | None = None, stop_event: threading.Event | None = None,
            on_report: Callable[[list[SourceReport]], None] | None = None, rounds: int | None = None) -> None:
        """Poll every ``every`` seconds until ``stop_event`` is set (or after ``rounds`` polls)."""
        every = self.every if every is None else float(every)
        self.every = every
        stop_event = stop_event or threading.Event()
        done = 0
        while not stop_event.is_set():
            started = time.monotonic()
            reports = self.poll_once()
            done += 1
            if on_report is not None:
                on_report(reports)
            if rounds is not None and done >= rounds:
                break
            stop_event.wait(max(0.0, every - (time.monotonic() - started)))

    # -- one source ------------------------------------------------------------------------------

    def _poll(self, key: str, kind: str, round_start: float) -> SourceReport:
        state = self.store.source_state(key) or {}
        retry_after = state.get("retry_after")
        # A little slack, so that a retry due at the next round is not missed by a few ms.
        if retry_after and not self.ignore_backoff and round_start < retry_after - 0.05 * self.every:
            return SourceReport(key, kind, "backing off", error=state.get("last_error"),
                                failures=state.get("failures") or 0, retry_at=_epoch_to_iso(retry_after))
        if kind == "feed":
            return self._poll_feed(key, state, round_start)
        return self._poll_folder(key, state, round_start)

    def _failed(self, key: str, kind: str, round_start: float, message: str, status: int | None = None,
                retry_hint: float | None = None) -> SourceReport:
        try:
            state = self.store.source_state(key) or {}
        except Exception:
            state = {}
        failures = (state.get("failures") or 0) + 1
        delay = min(self.every * 2 ** min(failures - 1, 30), max(self.max_backoff, self.every))
        if retry_hint:
            delay = max(delay, min(retry_hint, max(self.max_backoff, self.every)))
        retry_after = round_start + delay
        try:
            self.store.save_source_state(key, kind, checked=now(), failures=failures, retry_after=retry_after,
                                         last_error=message[:2000])
        except Exception:
            pass  # the store itself failing: the report still says what happened
        return SourceReport(key, kind, "error", http_status=status, error=message, failures=failures,
                            retry_at=_epoch_to_iso(retry_after))

    def _succeeded(self, key: str, kind: str, report: SourceReport, **values: Any) -> SourceReport:
        state = self.store.source_state(key) or {}
        stamp = now()
        self.store.save_source_state(key, kind, checked=stamp, ok=stamp, failures=0, retry_after=None,
                                     last_error=None, added=(state.get("added") or 0) + len(report.added), **values)
        return report

    def _add(self, report: SourceReport, paths: list[str] = (), records: list = ()) -> None:
        from newsdigest.io.ingest import DEFAULT_MAX_BYTES
        from newsdigest.stories.update import add_paths

        kwargs: dict[str, Any] = {}
        if self.words:
            kwargs["words"] = self.words
        result = add_paths(
            self.store, paths, records, encoder=self.encoder, nlp=self.nlp, summarize=self.summarize,
            max_bytes=self.max_file_bytes or DEFAULT_MAX_BYTES, make_clusterer=self.make_clusterer, **kwargs)
        r = result.result
        report.added += r.added
        report.duplicates += len(r.duplicates)
        report.stories_touched += [s for s in r.touched if s not in report.stories_touched]
        report.summarized += result.summarized
        report.dropped += [d.to_dict() for d in result.dropped]

    # -- feeds -----------------------------------------------------------------------------------

    def fetch(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        """GET ``url``: (status, body, headers) for a 200 or a 304; FetchError otherwise. The body
        is read in chunks and the download stops as soon as it passes ``max_bytes``."""
        import httpx

        deadline = time.monotonic() + self.timeout
        try:
            with self.client.stream("GET", url, headers=headers, timeout=httpx.Timeout(self.timeout)) as resp:
                status = resp.status_code
                if status == 304:
                    return status, b"", dict(resp.headers)
                if status != 200:
                    hint = _retry_after_seconds(resp.headers.get("retry-after"), self.clock())
                    raise FetchError(f"HTTP {status} {resp.reason_phrase}".strip(), status, hint)
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"response is {int(declared):,} bytes, over the {self.max_bytes:,}-byte limit",
                                     status)
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(f"response passed the {self.max_bytes:,}-byte limit; download stopped",
                                         status)
                    if time.monotonic() > deadline:
                        raise FetchError(f"response took over {self.timeout:g} s; download stopped", status)
                return status, bytes(body), dict(resp.headers)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from None

    def _poll_feed(self, url: str, state: dict[str, Any], round_start: float) -> SourceReport:
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        try:
            status, body, resp_headers = self.fetch(url, headers)
        except FetchError as exc:
            return self._failed(url, "feed", round_start, str(exc), exc.status, exc.retry_after)
        if status == 304:
            return self._succeeded(url, "feed", SourceReport(url, "feed", "not modified", http_status=304))
        report = SourceReport(url, "feed", "no new articles", http_status=status)
        problem = self._read_feed(url, body, report)
        if problem:
            return self._failed(url, "feed", round_start, problem, status)
        if report.added:
            report.status = "updated"
        # The validators are kept only once the feed's items are stored, so a failed read is retried.
        lower = {k.lower(): v for k, v in resp_headers.items()}
        return self._succeeded(url, "feed", report, etag=lower.get("etag"), last_modified=lower.get("last-modified"))

    def _read_feed(self, url: str, body: bytes, report: SourceReport) -> str | None:
        """Store a fetched feed's items; the reason when the body is no feed at all."""
        import feedparser

        from newsdigest.io.ingest import read_paths

        if not body.strip():
            return "empty response"
        parsed = feedparser.parse(body)
        if not parsed.entries:
            if parsed.get("bozo") or not (parsed.get("version") or parsed.feed):
                reason = parsed.get("bozo_exception")
                return "not an RSS/Atom feed" + (f": {reason}" if reason else "")
            return None  # a feed with no item (yet)
        # The ingest's feed reader reads files: hand it the body as one, named after the host (the
        # fallback outlet name of a feed with no title), and put the URL back in the provenance.
        host = re.sub(r"[^A-Za-z0-9.-]", "_", urlsplit(url).hostname or "feed")[:100] or "feed"
        with tempfile.TemporaryDirectory(prefix="newsdigest-watch-") as tmp:
            path = Path(tmp) / f"{host}.xml"
            path.write_bytes(body)
            result = read_paths([path], max_bytes=self.max_bytes + 1)
        where = str(path)
        for a in result.articles:
            if a.origin and a.origin.startswith(where):
                a.origin = url + a.origin[len(where):]
        for d in result.dropped:
            if d.input.startswith(where):
                d.input = url + d.input[len(where):]
        if not result.articles:
            return "no usable item: " + "; ".join(d.reason for d in result.dropped[:3])
        report.dropped += [d.to_dict() for d in result.dropped]
        self._add(report, records=result.articles)
        return None

    # -- folders ---------------------------------------------------------------------------------

    def _poll_folder(self, folder: str, state: dict[str, Any], round_start: float) -> SourceReport:
        from newsdigest.io.ingest import SUPPORTED, IngestResult, iter_files

        root = Path(folder)
        if not root.exists():
            return self._failed(folder, "folder", round_start, "no such file or folder")
        walk = IngestResult()
        files = [f for f in iter_files([root], walk) if f.suffix.lower() in SUPPORTED]
        if not files and walk.dropped and not root.is_dir():
            return self._failed(folder, "folder", round_start, walk.dropped[0].reason)
        known: dict[str, list[int]] = state.get("files") or {}
        current: dict[str, list[int]] = {}
        changed: list[Path] = []
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue  # gone since the walk: next poll
            name = str(f.relative_to(root)) if root.is_dir() else f.name
            signature = [st.st_mtime_ns, st.st_size]
            current[name] = signature
            if known.get(name) != signature:
                changed.append(f)
        report = SourceReport(folder, "folder", "unchanged", files_read=len(changed))
        if changed:
            self._add(report, paths=[str(f) for f in changed])
            report.status = "updated" if report.added else "no new articles"
        return self._succeeded(folder, "folder", report, files=current)


def summary_line(reports: list[SourceReport]) -> str:
    added = sum(len(r.added) for r in reports)
    failing = sum(1 for r in reports if not r.ok)
    return f"{added} new article(s) from {len(reports)} source(s); {failing} failing or backing off"
