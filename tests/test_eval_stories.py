"""The story clustering benchmark: the B-cubed scorer, the baselines and the command."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdigest.eval.stories import bcubed, eval_stories_cmd, load_stream, single_pass_tfidf, synthetic_stream

MIXED = Path(__file__).parent / "data" / "mixed_day"


def test_bcubed_known_values():
    assert bcubed([1, 1, 2], ["a", "a", "b"]) == (1.0, 1.0, 1.0)
    # Everything in one story: precision per article = share of its gold story in the cluster.
    p, r, f = bcubed([0, 0, 0, 0], ["a", "a", "b", "b"])
    assert (p, r) == (0.5, 1.0) and abs(f - 2 / 3) < 1e-12
    p, r, _ = bcubed([0, 1, 2, 3], ["a", "a", "b", "b"])
    assert (p, r) == (1.0, 0.5)


def _stream_file(tmp_path, copies=3):
    """A labelled stream from the six fictional mixed-day articles, each story repeated with new
    wording-free copies so both halves have both events."""
    lines = []
    for k in range(copies):
        for f in sorted(MIXED.glob("*.txt")):
            head, _, body = f.read_text(encoding="utf-8").partition("\n\n")
            title = head.splitlines()[0].removeprefix("Title: ")
            lines.append({"id": f"{f.stem}-{k}", "title": title, "text": body, "date": f"2031-04-0{2 + k}",
                          "source": f.stem, "story": f"{f.stem[:4]}-{k}"})
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_the_gold_field_is_removed_before_clustering(tmp_path):
    rows, gold = load_stream(_stream_file(tmp_path))
    assert all("story" not in r for r in rows) and len(gold) == len(rows) == 18


def test_single_pass_baseline_separates_the_two_events(tmp_path):
    rows, gold = load_stream(_stream_file(tmp_path, copies=1))
    ids = single_pass_tfidf(rows, 0.2)
    by_event = {}
    for i, g in zip(ids, gold):
        by_event.setdefault(g, set()).add(i)
    assert by_event["fire-0"].isdisjoint(by_event["elec-0"])


def test_synthetic_stream_makes_new_dated_stories():
    rows = [{"id": f"x{i}", "title": "t", "text": "body", "story": f"s{i % 2}", "date": None} for i in range(4)]
    stream = synthetic_stream(rows, 10)
    assert len(stream) == 10 and all(a["date"] for a in stream)
    assert len({a["id"] for a in stream}) == 10 and all("#" in a["story"] for a in stream)


def test_command_writes_the_table(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(eval_stories_cmd, [str(_stream_file(tmp_path)), "--out", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "stories.json").read_text())
    methods = [r["method"] for r in report["results"]]
    assert methods[0] == "everything one story" and methods[-1].startswith("newsdigest")
    assert "| newsdigest StoryClusterer" in (out / "stories.md").read_text()


def test_a_file_without_gold_is_a_usage_error(tmp_path):
    path = tmp_path / "nogold.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x"}) + "\n")
    res = CliRunner().invoke(eval_stories_cmd, [str(path), "--out", str(tmp_path)])
    assert res.exit_code == 2 and "labelled stream" in res.output


SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stream_dev.jsonl"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/stream_dev.jsonl not present (benchmark data)")
def test_clusterer_beats_the_target_on_a_slice_of_the_dev_stream():
    from newsdigest.eval.stories import run_clusterer

    rows, gold = load_stream(SHARED)
    rows, gold = rows[-1500:], gold[-1500:]  # the end of the reported half
    ids = run_clusterer(rows)[0]
    assert bcubed(ids, gold)[2] >= 0.85
