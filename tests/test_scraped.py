"""Real raw-text regression set (issue 12): real BASIL articles from ../shared/data turned into
scraped-style raw text at run time by the insertions in benchmarks/gold/scraped_regression.jsonl
(captions, share/related/newsletter furniture, an ad, datelines, a multi-paragraph quotation,
credit and copyright lines, line breaks inside sentences). The gold file stores only ids, offsets
and the insertions, never article text. Each event is run as a new user would: three .txt files
with no header lines in a folder, summarized."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from conftest import SHARED_DATA

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "scraped_regression.jsonl"


def _gold():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def basil():
    path = SHARED_DATA / "basil_dev.jsonl"
    if not path.exists():
        pytest.skip(f"real articles not found at {path} (only CI and developers have ../shared)")
    events = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        events[d["id"]] = d
    return events


def _fill(template: str, day: date, city: str) -> str:
    return template.format(
        month=day.strftime("%B"), day=day.day, year=day.year, weekday=day.strftime("%A"),
        date=day.isoformat(), city_title=city.title(),
    )


def raw_variant(article: dict, spec: dict) -> tuple[str, list[str]]:
    """The raw scraped-style text of one article and the line-break contexts (the words on each
    side of each break) that must stay inside one sentence."""
    day = date.fromisoformat(article["date"])
    city = next((i["text"].split(",")[0].split(":")[0] for i in spec["insert"] if i["kind"] == "dateline"), "")
    text = article["text"]
    contexts = []
    for off in spec["linebreaks"]:
        assert text[off] == " ", (article["id"], off)
        before = text[:off].split()[-1]
        after = text[off + 1:].split()[0]
        contexts.append(f"{before} {after}")
        text = text[:off] + "\n" + text[off + 1:]
    paragraphs = text.split("\n\n")
    before: dict[int, list[str]] = {}
    end = []
    for ins in spec["insert"]:
        body = ins["text"]
        body = "\n\n".join(_fill(t, day, city) for t in body) if isinstance(body, list) else _fill(body, day, city)
        if ins["kind"] == "dateline":  # opens the first paragraph of reporting
            paragraphs[ins["paragraph"]] = body + paragraphs[ins["paragraph"]]
        elif ins.get("at") == "end":
            end.append(body)
        else:
            before.setdefault(ins["before_paragraph"], []).append(body)
    out = []
    for k, p in enumerate(paragraphs):
        out.extend(before.get(k, []))
        out.append(p)
    out.extend(end)
    sep = "\n\n" if spec["blank_lines"] else "\n"
    return sep.join(out), contexts


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_scraped_regression_set(basil, tmp_path):
    from newsdigest.pipeline import summarize

    for event in _gold():
        ev = basil[event["event"]]
        arts = {a["id"]: a for a in ev["articles"]}
        folder = tmp_path / event["event"]
        folder.mkdir()
        contexts = {}
        for spec in event["articles"]:
            article = arts[spec["id"]]
            raw, ctx = raw_variant(article, spec)
            (folder / spec["file"]).write_text(raw, encoding="utf-8")
            contexts[Path(spec["file"]).stem] = ctx
        digest = summarize([folder], words=120)
        # Story grouping is not under test here (it may split an event): every story is read.
        articles = [a for st in digest.stories for a in st.articles]
        notes = [n for st in digest.stories for n in st.notes]
        by_id = {a.id: a for a in articles}
        all_sentences = [s.text for a in articles for s in a.sentences]
        summary = [s.text for st in digest.stories for s in st.summary]
        for spec in event["articles"]:
            article = arts[spec["id"]]
            day = date.fromisoformat(article["date"])
            got = by_id[Path(spec["file"]).stem]
            where = f"{event['event']} {spec['file']}"
            # Outlet and date inferred from the text, each with a note.
            assert got.source == spec["expect"]["source"], where
            want_date = spec["expect"]["date"] and _fill(spec["expect"]["date"], day, "")
            # Where the gold expects no date, the article's own text may still give the true one.
            assert got.date == want_date or (want_date is None and got.date in (None, article["date"])), where
            assert any(n.startswith(f"outlet of {spec['file']!r} inferred") for n in notes), where
            for ins in spec["insert"]:
                if ins["kind"] == "dateline":
                    # The dateline is metadata, not text.
                    assert got.dateline == _fill(ins["expect_dateline"], day, ""), where
                    assert not got.sentences[0].text.startswith(got.dateline), where
                    continue
                texts = ins["text"] if isinstance(ins["text"], list) else [ins["text"]]
                for t in texts:
                    t = _norm(_fill(t, day, ""))
                    if ins["kind"] == "quote":
                        # A multi-paragraph quotation: no piece of it is a summary sentence (the
                        # narration before its first quote mark may be).
                        t = t[t.index('"'):]
                        assert not any(_norm(s) in t or t in _norm(s) for s in summary), (where, t)
                    else:
                        # Captions, ads, furniture, credit lines: gone from the text.
                        first = t.split("\n")[0][:30]
                        if len(first.split()) <= 2:  # "Facebook" may be a word of the reporting too
                            assert not any(_norm(s) == first for s in all_sentences), (where, t)
                        else:
                            assert not any(first in s for s in all_sentences), (where, t)
            # No sentence is split at a line break inside it.
            texts = [_norm(s.text) for s in got.sentences]
            for ctx in contexts[Path(spec["file"]).stem]:
                assert any(ctx in s for s in texts), (where, ctx)
