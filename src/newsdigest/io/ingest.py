"""Ingest: files and folders in, ``Article`` records out, every skipped input accounted for.

Formats: ``.txt``/``.md`` (one article; an optional ``Key: value`` header block gives metadata),
``.html``/``.htm`` (main text extracted with trafilatura), ``.json`` (one article, a list, or a
cluster), ``.jsonl`` (one article or one cluster per line; a line with an ``articles`` list is a
whole story, as in the benchmark files), ``.rss``/``.atom``/``.xml`` (RSS 0.9x-2.0 or Atom feeds
read with feedparser: one article per item, its full content where the feed carries it, else its
summary; the outlet is the item's own source, else the feed's title, else the link's domain).
Nothing here raises for bad input: each problem becomes a
``Dropped`` entry with the file (and line) and a reason.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlparse

from newsdigest.model import Article, Dropped

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MIN_HTML_WORDS = 8

_TEXT_KEYS = ("text", "body", "content", "maintext", "article", "description")
_HTML_KEYS = ("html", "raw_html")
_SOURCE_KEYS = ("source", "outlet", "publisher", "sitename", "site_name", "source_name")
_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "date": "date",
    "published": "date",
    "url": "url",
    "link": "url",
    "id": "id",
}


class InputError(ValueError):
    """A problem with one input; its message is what the user sees in ``dropped``."""


@dataclass
class Cluster:
    """A group of articles that the input itself declares to be one story (a JSONL cluster line)."""

    id: str
    articles: list[Article]
    origin: str


@dataclass
class IngestResult:
    clusters: list[Cluster] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)  # loose articles, not in a cluster
    dropped: list[Dropped] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Decoding


def decode_bytes(data: bytes, prose: bool = True) -> str:
    """Bytes to text, detecting the encoding; raises InputError for binary or undecodable data.

    UTF-8 (with or without BOM) and UTF-16 are recognised exactly; anything else goes to
    charset-normalizer, whose answer we accept only if it decodes without replacement characters.
    ``prose`` also asks for a fair share of letters; JSON (which may open with a long list of
    numbers, e.g. an ``embedding`` field) is only checked for control characters.
    """
    if not data.strip():
        raise InputError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    # UTF-16 without BOM: every other byte is NUL for mostly-ASCII text.
    if len(data) >= 4 and data.count(b"\x00") > len(data) // 3:
        # Little-endian puts the NUL high byte of ASCII characters at odd offsets, big-endian at
        # even ones: try the byte order the NULs point to first (both decode without error, and
        # the wrong one gives plausible-looking CJK).
        sample = data[:65536]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
        for enc in order:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text, prose):
                return text
        raise InputError("binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    if not _looks_like_text(text, prose):
        raise InputError("binary data, not text")
    return text


def _decode_legacy(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        text = str(best)
        if "\ufffd" not in text:
            # charset-normalizer often names a sibling of cp1252 (cp1250, mac_roman, ...) for short
            # Western text; when cp1252 decodes the same bytes cleanly it is by far the likelier.
            try:
                cp = data.decode("cp1252")
            except UnicodeDecodeError:
                return text
            return cp if _looks_like_text(cp) else text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # latin-1 decodes any byte string; accept it only if the result is plausible text.
        return data.decode("latin-1")


def _looks_like_text(text: str, prose: bool = True) -> bool:
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) < 0xA0)
    if bad / len(sample) >= 0.02:
        return False
    if not prose:
        return True
    letters = sum(1 for ch in sample if ch.isalpha())
    return letters / len(sample) > 0.3


# ---------------------------------------------------------------------------------------------
# Field normalisation


def normalize_date(value: Any) -> str | None:
    """ISO 8601 date (YYYY-MM-DD) if the value parses as one, else the value as given."""
    if value is None or value == "" or isinstance(value, (bool, list, dict)):
        return None  # a list or an object is no date: ignored rather than shown as a Python repr
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (int, float)):
        # Unix timestamps (seconds or milliseconds).
        ts = value / 1000 if value > 1e11 else value
        try:
            return datetime.utcfromtimestamp(ts).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    text = re.sub(r"\s+", " ", str(value)).strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None  # no date is that long; parsing it would only cost time
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    from dateutil import parser as dateparser

    try:
        parsed = dateparser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return text
    return parsed.date().isoformat()


MAX_DATE_CHARS = 100


def domain_of(url: str | None) -> str | None:
    """The host of a URL without ``www.``; None for no URL or a malformed one (``http://[oops``)."""
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlparse(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _first(record: dict[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def scalar_text(value: Any) -> str | None:
    """A JSON field as one line of text, or None: strings and finite numbers as written, a list
    of those joined with ", "; objects, booleans, NaN and nested lists are not text (ignored, so
    that no Python repr such as ``['A', 'B']`` reaches the output)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        text = re.sub(r"\s+", " ", value).strip()
        return text or None
    if isinstance(value, list):
        parts = [p for p in (scalar_text(v) for v in value if not isinstance(v, (list, dict))) if p]
        return ", ".join(dict.fromkeys(parts)) or None
    return None


def _source_name(value: Any) -> str | None:
    if isinstance(value, dict):  # NewsAPI style: {"id": ..., "name": ...}
        value = value.get("name") or value.get("title") or value.get("id")
    return scalar_text(value)



# An article record that names no publisher (no source field, no URL) is taken as its own
# outlet, named after the article: counting several such articles as one publisher would
# merge outlets that may well differ (NeuS ships three outlets' leads with no names), and the
# pipeline notes how many articles were counted this way.
UNNAMED_SOURCE = "unnamed source"


def unnamed_source(article_id: str) -> str:
    return f"{UNNAMED_SOURCE} ({article_id})"


def is_unnamed_source(source: str) -> bool:
    return source.startswith(UNNAMED_SOURCE + " (")


def article_from_record(
    record: dict[str, Any], origin: str, fallback_source: str | None, fallback_id: str
) -> Article:
    """Build an Article from a JSON-like record; raises InputError if it has no usable text.
    With no publisher in the record and no ``fallback_source``, the article is its own outlet
    (``unnamed_source``)."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object for an article, got {type(record).__name__}")
    url = _first(record, ("url", "link", "canonical_url"))
    url = url.strip() if isinstance(url, str) and url.strip() else None
    title = scalar_text(_first(record, ("title", "headline")))
    text = _first(record, _TEXT_KEYS)
    html = _first(record, _HTML_KEYS)
    if isinstance(text, list):  # paragraphs
        text = "\n\n".join(p for p in (scalar_text(v) for v in text if isinstance(v, str)) if p)
    if text is not None and not isinstance(text, str):
        text = None  # a number, an object: not article text
    if (text is None or not text.strip()) and isinstance(html, str):
        extracted = extract_html(html, url=url)
        text = extracted.get("text")
        title = title or extracted.get("title")
    elif text and _looks_like_html(text):
        text = extract_html(text, url=url).get("text") or text
    if not text or not str(text).strip():
        raise InputError("article has no text")
    article_id = scalar_text(_first(record, ("id", "article_id", "uuid", "guid"))) or fallback_id
    source = (
        _source_name(_first(record, _SOURCE_KEYS))
        or domain_of(url)
        or fallback_source
        or unnamed_source(article_id)
    )
    return Article(
        id=article_id,
        source=source,
        text=str(text),
        title=scalar_text(title),
        date=normalize_date(_first(record, ("date", "published", "published_at", "publishedAt", "pubDate", "date_publish", "datetime"))),
        url=url,
        origin=origin,
    )


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|div|br|html|body|article)\b[^>]*>", text[:5000], re.I))


# ---------------------------------------------------------------------------------------------
# Formats


def extract_html(html: str, url: str | None = None) -> dict[str, Any]:
    """Main text and metadata of a news page (navigation, ads and comments dropped)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not doc:
        return {}
    doc = doc.as_dict()
    return {
        "text": doc.get("text"),
        "title": doc.get("title"),
        "date": doc.get("date"),
        "url": doc.get("url"),
        "source": doc.get("sitename"),
    }


# ---------------------------------------------------------------------------------------------
# Outlet and date from the text itself (no Source:/Date: given)

_AGENCY_NAMES = {
    "reuters": "Reuters", "ap": "Associated Press", "afp": "AFP", "upi": "UPI", "xinhua": "Xinhua",
    "dpa": "dpa", "bloomberg": "Bloomberg", "ani": "ANI", "pti": "PTI", "ians": "IANS",
    "yonhap": "Yonhap", "kyodo": "Kyodo", "tass": "TASS", "ansa": "ANSA", "efe": "EFE", "cnn": "CNN",
}
_AGENCY_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z .'’-]{1,40}(?:,[^\n(]{1,40})?\s*\((?P<agency>Reuters|AP|AFP|UPI|Xinhua|dpa|DPA|Bloomberg|ANI|PTI|IANS|Yonhap|Kyodo|TASS|ANSA|EFE|CNN)\)\s*(?:--|—|–|-|_)",
    re.M,
)
_COPYRIGHT = re.compile(
    r"^[ \t]*(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:(?P<year>(?:19|20)\d\d)(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?"
    r"(?P<name>[A-Z][\w&.'’ -]{1,60}?)\s*(?:,?\s*(?:Inc|Ltd|LLC|plc|Limited)\.?)?\.?\s*(?:All rights reserved\.?)?[ \t]*$",
    re.M | re.I,
)
_REUTERS_CREDIT = re.compile(r"^[ \t]*\(?(?:Reporting|Additional reporting) by [^\n]{1,200};\s*(?:Editing|Writing) by\b", re.M)
_AP_CREDIT = re.compile(r"^[ \t]*(?:Associated Press writers?|AP writers?) [^\n]{1,200}contributed", re.M)
_MONTHS = (
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    "Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_FULL_DATE = re.compile(rf"\b(?:(?P<md>(?:{_MONTHS})\.? \d{{1,2}}),? (?P<y1>(?:19|20)\d\d)|(?P<dm>\d{{1,2}} (?:{_MONTHS})\.?) (?P<y2>(?:19|20)\d\d))\b")
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<wd>{_WEEKDAYS}),?\s*(?:\(\s*)?(?:(?P<md>(?:{_MONTHS})\.? \d{{1,2}})|(?P<dm>\d{{1,2}} (?:{_MONTHS})\.?))\b(?:\s*\))?"
)
_DATELINE_DATE = re.compile(rf"^[ \t]*[A-Z][A-Za-z .'’-]{{1,40}},\s*(?P<md>(?:{_MONTHS})\.? \d{{1,2}})\b", re.M)


def infer_outlet(text: str) -> tuple[str, str] | None:
    """The outlet a raw text names itself: a copyright line ("© 2019 The Example Times"), an
    agency dateline ("GENEVA (Reuters) -"), or an agency's credit line ("Reporting by ...; Editing
    by ..." is Reuters'). Returns (outlet, what it was read from)."""
    head, tail = text[:3000], text[-3000:]
    for m in _COPYRIGHT.finditer(tail):
        name = m.group("name").strip(" .,")
        if len(name) >= 2 and not name.lower().startswith(("all rights", "the author")):
            return name, f"its copyright line {m.group(0).strip()!r}"
    m = _AGENCY_DATELINE.search(head)
    if m:
        return _AGENCY_NAMES[m.group("agency").lower()], f"its dateline '({m.group('agency')})'"
    m = _REUTERS_CREDIT.search(tail)
    if m:
        return "Reuters", "its credit line 'Reporting by ...; Editing by ...'"
    m = _AP_CREDIT.search(tail)
    if m:
        return "Associated Press", "its credit line 'Associated Press writers ... contributed'"
    return None


def _year_hint(text: str) -> int | None:
    m = re.search(r"(?:©|\(c\)|Copyright)\s*(?:©\s*)?((?:19|20)\d\d)", text, re.I)
    return int(m.group(1)) if m else None


def infer_date(text: str, today: date | None = None) -> tuple[str, str] | None:
    """The date a raw text gives itself: a full date ("February 28, 2019", "28 Feb 2019") in its
    opening, else a dateline's or a weekday's month and day ("Thursday (Feb 28)") with the year
    the copyright line gives, or else the latest year (not after today) in which that day falls
    on that weekday. Returns (ISO date, what it was read from)."""
    from dateutil import parser as dateparser

    head = text[:4000]
    today = today or date.today()
    m = _FULL_DATE.search(head)
    if m:
        try:
            d = dateparser.parse(m.group(0), fuzzy=False).date()
            return d.isoformat(), f"its date {m.group(0)!r}"
        except (ValueError, OverflowError):
            pass
    year = _year_hint(text)
    for rx in (_DATELINE_DATE, _WEEKDAY_DATE):
        m = rx.search(head)
        if not m:
            continue
        day_month = (m.group("md") or m.group("dm")).replace(".", "")
        weekday = m.groupdict().get("wd")
        if not year and not weekday:
            continue  # a month and day with nothing to give the year: no guess
        years = [year] if year else list(range(today.year, today.year - 12, -1))
        for y in years:
            try:
                d = dateparser.parse(f"{day_month} {y}", fuzzy=False).date()
            except (ValueError, OverflowError):
                continue
            if d > today and not year:
                continue
            if weekday and d.strftime("%A") != weekday and not year:
                continue
            return d.isoformat(), f"its date {m.group(0).strip()!r}" + (f" (year from its copyright line)" if year else "")
    return None


def infer_metadata(article: Article, raw: str, name: str, source_given: bool, date_given: bool) -> Article:
    """Fill the outlet and date a text gives itself when the input named none, with a note."""
    if not source_given:
        found = infer_outlet(raw)
        if found:
            article.source = found[0]
            article.notes.append(f"outlet of {name!r} inferred from {found[1]}: {found[0]}")
    if not date_given and not article.date:
        found = infer_date(raw)
        if found:
            article.date = found[0]
            article.notes.append(f"date of {name!r} inferred from {found[1]}: {found[0]}")
    return article


def parse_text_file(text: str, path: Path) -> Article:
    """A plain-text article; a leading block of ``Key: value`` lines is read as metadata."""
    text = text.lstrip("\ufeff")
    meta: dict[str, str] = {}
    body_start = 0  # offset of the body in text
    pos = 0
    # Only the header lines are looked at one by one (a 50 MB body is not split into lines).
    while pos < len(text):
        line, nxt = _next_line(text, pos)
        m = _HEADER_LINE.match(line)
        value = m.group(2).strip() if m else ""
        if m and value and m.group(1).lower() in _HEADER_KEYS:
            meta[_HEADER_KEYS[m.group(1).lower()]] = value
            pos = nxt
            continue
        if meta and not line.strip():
            body_start = nxt
        break
    else:
        body_start = len(text)
    if not meta:
        body_start = 0
    body = _LINE_BREAKS.sub("\n", text[body_start:])
    if path.suffix.lower() == ".md":
        body, md_title = _strip_markdown(body)
        meta.setdefault("title", md_title) if md_title else None
    record: dict[str, Any] = {"text": body, **meta}
    article = article_from_record(record, str(path), fallback_source=path.stem, fallback_id=path.stem)
    return infer_metadata(article, body, path.name, "source" in meta or "url" in meta, "date" in meta)


# Linear on any line: the value is stripped in Python (``\s*(.+?)\s*$`` backtracks quadratically
# over a long run of spaces).
_HEADER_LINE = re.compile(r"\s*([A-Za-z_]+)\s*:(.*)")
# The line boundaries of str.splitlines (which the body was split on before).
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _next_line(text: str, pos: int) -> tuple[str, int]:
    """The line starting at ``pos`` (without its break) and the offset of the next line."""
    m = _LINE_BREAKS.search(text, pos)
    if m is None:
        return text[pos:], len(text)
    return text[pos:m.start()], m.end()


_MD_IMAGE = re.compile(r"!\[[^\]]{0,1000}\]\([^)]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]]{1,1000})\]\([^)]{0,2000}\)")
_MD_STRONG = re.compile(r"(\*\*|__)(.{1,1000}?)\1")


def _strip_markdown(body: str) -> tuple[str, str | None]:
    title = None
    out = []
    for line in body.splitlines():
        m = re.match(r"^\s{0,3}#{1,6}\s+(.*)$", line)
        if m:
            if title is None:
                title = m.group(1).strip()
            continue
        # Bounded spans: an unclosed "![" or "**" must not make every later one scan the line.
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)  # links keep their text
        line = _MD_STRONG.sub(r"\2", line)
        out.append(line)
    return "\n".join(out), title


def parse_html_file(text: str, path: Path) -> Article:
    doc = extract_html(text)
    # A page whose "main text" is a few menu words has no article in it.
    if len((doc.get("text") or "").split()) < MIN_HTML_WORDS:
        raise InputError("no article text found in the HTML page")
    record = {k: v for k, v in doc.items() if v}
    article = article_from_record(
        record, str(path), fallback_source=domain_of(doc.get("url")) or path.stem, fallback_id=path.stem
    )
    # trafilatura reads og:site_name / article:published_time (and their kin) into sitename/date.
    if doc.get("source"):
        article.notes.append(f"outlet of {path.name!r} read from the page's metadata (site name): {article.source}")
    if doc.get("date"):
        article.notes.append(f"date of {path.name!r} read from the page's metadata (published time): {article.date}")
    return infer_metadata(article, doc.get("text") or "", path.name, bool(doc.get("source") or doc.get("url")), bool(doc.get("date")))


def _records_to_articles(
    value: Any, origin: str, stem: str, result: IngestResult, line: int | None = None
) -> None:
    """Route one parsed JSON value: a cluster, a list of articles, or one article."""
    where = f"{origin}:{line}" if line is not None else origin
    if isinstance(value, dict) and isinstance(value.get("articles"), list):
        cluster_id = scalar_text(value.get("id")) or (f"{stem}-{line}" if line is not None else stem)
        articles = []
        for k, rec in enumerate(value["articles"]):
            try:
                articles.append(
                    article_from_record(rec, f"{where}#{k}", fallback_source=None, fallback_id=f"{cluster_id}-{k}")
                )
            except InputError as exc:
                result.dropped.append(Dropped(f"{where} article {k}", str(exc)))
        if articles:
            result.clusters.append(Cluster(cluster_id, articles, where))
        else:
            result.dropped.append(Dropped(where, f"cluster {cluster_id!r} has no usable article"))
        return
    if isinstance(value, list):
        for k, rec in enumerate(value):
            try:
                result.articles.append(
                    article_from_record(rec, f"{where}[{k}]", fallback_source=None, fallback_id=f"{stem}-{k}")
                )
            except InputError as exc:
                result.dropped.append(Dropped(f"{where}[{k}]", str(exc)))
        return
    fallback_id = f"{stem}-{line}" if line is not None else stem
    # A file holding one article is named after the file, like a text file; one line of many is not.
    fallback_source = stem if line is None else None
    try:
        result.articles.append(article_from_record(value, where, fallback_source=fallback_source, fallback_id=fallback_id))
    except InputError as exc:
        result.dropped.append(Dropped(where, str(exc)))


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"


def _parse_json(text: str) -> Any:
    """``json.loads`` that raises InputError for malformed or absurdly nested JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(_json_error(exc)) from None
    except RecursionError:
        # The parser gives up near 1,000 levels (JSON nested 100,000 deep is an attack, not news).
        raise InputError("JSON nested too deeply (over about 1,000 levels): not an article") from None


# ---------------------------------------------------------------------------------------------
# Entry points


def iter_files(paths: Iterable[str | Path], result: IngestResult) -> list[Path]:
    """Expand folders recursively (sorted, dot-files skipped). Symbolic links to folders are
    followed, each real folder once (a link loop ends there); missing paths, dangling links,
    unreadable folders and special files go to dropped with the reason."""
    files: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        _walk(Path(raw), result, files, seen, top=True)
    return files


def _walk(path: Path, result: IngestResult, files: list[Path], seen: set[tuple[int, int]], top: bool = False) -> None:
    try:
        st = path.stat()  # follows links
    except FileNotFoundError:
        if path.is_symlink():
            result.dropped.append(Dropped(str(path), "broken symbolic link (its target does not exist)"))
        else:
            result.dropped.append(Dropped(str(path), "no such file or folder"))
        return
    except OSError as exc:
        result.dropped.append(Dropped(str(path), f"cannot read: {exc.strerror or exc}"))
        return
    if stat.S_ISREG(st.st_mode):
        files.append(path)
        return
    if not stat.S_ISDIR(st.st_mode):
        result.dropped.append(Dropped(str(path), "not a regular file"))
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        if not top:
            result.dropped.append(Dropped(str(path), "folder already read (a symbolic link loop or a second link to it)"))
        return
    seen.add(key)
    try:
        with os.scandir(path) as it:
            names = sorted(entry.name for entry in it)
    except OSError as exc:
        result.dropped.append(Dropped(str(path), f"cannot read folder: {exc.strerror or exc}"))
        return
    for name in names:
        if not name.startswith("."):
            _walk(path / name, result, files, seen)


def read_paths(
    paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = False
) -> IngestResult:
    result = IngestResult()
    files = iter_files(paths, result)
    from newsdigest.io.progress import progress_iter

    for path in progress_iter(files, desc="reading", unit="file", enabled=progress):
        read_file(path, result, max_bytes=max_bytes)
    _dedupe_ids(result)
    return result


def read_file(path: Path, result: IngestResult, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        result.dropped.append(
            Dropped(str(path), f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(sorted(SUPPORTED))}")
        )
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-mb)")
        if suffix in JSONL_SUFFIXES:
            _read_jsonl(path, result)
            return
        if suffix in FEED_SUFFIXES:
            _read_feed(path, result)
            return
        text = decode_bytes(path.read_bytes(), prose=suffix not in JSON_SUFFIXES)
        if suffix in TEXT_SUFFIXES:
            result.articles.append(parse_text_file(text, path))
        elif suffix in HTML_SUFFIXES:
            result.articles.append(parse_html_file(text, path))
        else:
            value = _parse_json(text)
            _records_to_articles(value, str(path), path.stem, result)
    except InputError as exc:
        result.dropped.append(Dropped(str(path), str(exc)))
    except OSError as exc:
        result.dropped.append(Dropped(str(path), f"cannot read: {exc.strerror or exc}"))
    except UnicodeDecodeError as exc:
        result.dropped.append(Dropped(str(path), f"cannot decode text: {exc.reason}"))
    except RecursionError:
        result.dropped.append(Dropped(str(path), "input nested too deeply to read"))
    except (ValueError, TypeError, LookupError, AttributeError) as exc:
        # A reader's bug on some odd input costs that file, never the other inputs.
        result.dropped.append(Dropped(str(path), f"cannot read: {type(exc).__name__}: {exc}"))


_BLOCK_TAGS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre"}


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed item's content): paragraphs kept apart. trafilatura
    wants a whole page and returns nothing for a fragment of a few paragraphs."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(f"<div>{html}</div>")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
        if el.text:
            el.text = "\n\n" + el.text
    text = root.text_content()
    paragraphs = [re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _feed_date(entry: Any) -> str | None:
    import time

    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return entry.get("published") or entry.get("updated")


# feedparser flags these but reads the feed in full.
_BENIGN_FEED_PROBLEMS = {"CharacterEncodingOverride", "NonXMLContentType"}


def _read_feed(path: Path, result: IngestResult) -> None:
    """An RSS or Atom file: one article per item; items without text are dropped with a reason."""
    import feedparser

    data = path.read_bytes()
    if not data.strip():
        raise InputError("empty file")
    # feedparser finds the encoding from the XML declaration and HTTP-less heuristics itself.
    feed = feedparser.parse(data)
    entries = list(feed.entries)
    if not entries:
        reason = f": {feed.bozo_exception}" if feed.get("bozo") and feed.get("bozo_exception") else ""
        raise InputError(f"no RSS/Atom items found{reason}")
    problem = feed.get("bozo_exception") if feed.get("bozo") else None
    if problem is not None and type(problem).__name__ not in _BENIGN_FEED_PROBLEMS:
        # feedparser reads a broken feed leniently: say so, since items after the break are lost.
        result.dropped.append(Dropped(str(path), f"malformed feed, read as far as possible: {problem}"))
    feed_title = _source_name((feed.feed or {}).get("title"))
    for k, entry in enumerate(entries):
        where = f"{path}#item{k + 1}"
        contents = [c.get("value", "") for c in entry.get("content") or [] if c.get("value")]
        html = max(contents, key=len) if contents else entry.get("summary") or entry.get("description") or ""
        item_source = (entry.get("source") or {}).get("title")
        record = {
            "id": entry.get("id") or entry.get("link") or f"{path.stem}-{k + 1}",
            "title": entry.get("title"),
            "text": fragment_text(html) if html else "",
            "url": entry.get("link"),
            "date": _feed_date(entry),
            "source": _source_name(item_source) or feed_title,
        }
        try:
            result.articles.append(article_from_record(record, where, fallback_source=path.stem, fallback_id=record["id"]))
        except InputError as exc:
            result.dropped.append(Dropped(where, str(exc)))


def _read_jsonl(path: Path, result: IngestResult) -> None:
    data = path.read_bytes()
    if not data.strip():
        raise InputError("empty file")
    text = decode_bytes(data, prose=False)
    # JSON Lines are separated by "\n" only: str.splitlines would also break at a raw U+2028,
    # U+0085, ... inside a string, which json.dumps(ensure_ascii=False) writes as is.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            result.dropped.append(Dropped(f"{path}:{lineno}", f"malformed JSON (column {exc.colno}): {exc.msg}"))
            continue
        except RecursionError:
            result.dropped.append(Dropped(f"{path}:{lineno}", "JSON nested too deeply (over about 1,000 levels): not an article"))
            continue
        _records_to_articles(value, str(path), path.stem, result, line=lineno)


def articles_from_records(records: Iterable[dict[str, Any] | Article], origin: str = "api") -> IngestResult:
    """The API's way in: dicts (same fields as JSON input) or ready Article objects."""
    result = IngestResult()
    for k, rec in enumerate(records):
        if isinstance(rec, Article):
            result.articles.append(rec)
            continue
        try:
            result.articles.append(article_from_record(rec, f"{origin}[{k}]", fallback_source=None, fallback_id=f"a{k}"))
        except InputError as exc:
            result.dropped.append(Dropped(f"{origin}[{k}]", str(exc)))
    _dedupe_ids(result)
    return result


def _dedupe_ids(result: IngestResult) -> None:
    """Article ids must be unique within a story: suffix repeats (two files both named a.txt...)."""
    for group in [result.articles] + [c.articles for c in result.clusters]:
        seen: dict[str, int] = {}
        for a in group:
            if a.id in seen:
                seen[a.id] += 1
                a.id = f"{a.id}~{seen[a.id]}"
            else:
                seen[a.id] = 0
