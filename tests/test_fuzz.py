"""Property-based tests (hypothesis): ingest, clean, segment and render never crash on random
bytes, JSON shapes or Unicode, and render never carries input HTML or a non-http(s) link."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from newsdigest.io.ingest import IngestResult, article_from_record, decode_bytes, read_file, InputError
from newsdigest.io.render import render
from newsdigest.model import Article, Digest, Story, SummarySentence, Support
from newsdigest.text.clean import clean_text
from newsdigest.text.segment import split_sentences

FAST = settings(max_examples=40, deadline=2000, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])

HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "\n# h\n",
    "| a | b |", "[x](javascript:alert(1))", "<javascript:alert(1)>", "&lt;b&gt;", "`", "\u2028", "\x00",
    "\u202f" * 50, '"' * 30, "http://[oops", "\ud800",
])
TEXT = st.lists(st.one_of(st.text(max_size=40), HOSTILE), max_size=8).map("".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | TEXT,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "title", "source", "outlet", "date", "url", "id", "articles", "body"]) | st.text(max_size=5),
        kids, max_size=5),
    max_leaves=12,
)


@FAST
@given(st.binary(max_size=400), st.sampled_from([".txt", ".md", ".json", ".jsonl", ".html", ".rss"]))
def test_ingest_random_bytes(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("f") / f"x{suffix}"
    path.write_bytes(data)
    result = IngestResult()
    read_file(path, result)
    assert len(result.articles) + len(result.dropped) + len(result.clusters) >= 1 or not data.strip() is False


@FAST
@given(JSON)
def test_ingest_random_json_shapes(tmp_path_factory, value):
    folder = tmp_path_factory.mktemp("j")
    text = json.dumps(value, allow_nan=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    (folder / "x.json").write_bytes(text)
    (folder / "x.jsonl").write_bytes(text + b"\n")
    for name in ("x.json", "x.jsonl"):
        result = IngestResult()
        read_file(folder / name, result)
        for a in result.articles + [a for c in result.clusters for a in c.articles]:
            for field in (a.source, a.title, a.date, a.id):
                # No Python repr of a list, a dict or NaN.
                assert field is None or not re.fullmatch(r"\[.*\]|\{.*\}|nan|inf", field, re.S)


@FAST
@given(JSON)
def test_article_from_record_raises_only_input_error(value):
    try:
        article_from_record(value if isinstance(value, dict) else {"text": value}, "t", None, "a")
    except InputError:
        pass


@FAST
@given(TEXT)
def test_clean_and_segment_random_unicode(text):
    cleaned, _ = clean_text(text)
    for paragraph in cleaned.split("\n\n"):
        for sentence in split_sentences(paragraph):
            assert sentence in paragraph


@FAST
@given(st.binary(max_size=300))
def test_decode_is_text_or_input_error(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except InputError:
        pass


_TAG = re.compile(r"<\s*(script|img|iframe|svg|a\s|javascript)", re.I)


@settings(max_examples=30, deadline=2000)
@given(TEXT, TEXT, TEXT, TEXT, st.one_of(TEXT, st.sampled_from(["javascript:x", "jav\tascript:x", "data:text/html,x",
                                                                 "https://ok.example/<script>"])))
def test_render_carries_no_input_markup(story_id, source, text, title, url):
    a = Article(id=story_id or "a", source=source or "S", text=text, title=title, url=url)
    story = Story(id=story_id or "s", articles=[a])
    story.summary = [SummarySentence(text or "t", [Support(a.id, a.source, text or "t", 0, 1.0)])]
    story.notes.append(text)
    digest = Digest(stories=[story], dropped=[])
    for fmt in ("md", "html"):
        out = render(digest, fmt)
        body = out.split("<body>", 1)[-1]
        if fmt == "md":  # inside a code span nothing is markup (no backtick or line break gets in)
            body = re.sub(r"`[^`\n]*`", "", body)
        assert not _TAG.search(re.sub(r'<a href="https?://', "", body, flags=re.I)), (fmt, out)
        for href in re.findall(r'href="([^"]*)"', out):
            assert href.lower().startswith(("http://", "https://"))
        if fmt == "md":
            for link in re.findall(r"<([^>\s]*)>", body):
                assert link.lower().startswith(("http://", "https://")), link
            text_only = re.sub(r"<https?://[^>\s]*>", "", body, flags=re.I).replace("\\]", "")
            assert not re.search(r"\]\(", text_only)  # no Markdown link syntax from the input
            # Every line is one the renderer made: no input line break starts a block.
            for line in out.splitlines():
                assert not line.startswith("# ") or line == "# News digest"
