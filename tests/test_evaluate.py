import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from newsdigest.eval.peers import SYSTEMS
from newsdigest.eval.datasets import default_words, read_jsonl_lines
from newsdigest.eval.cli import eval_cmd
from newsdigest.eval.rouge import make_scorer, score_summary, truncate_words
from newsdigest.eval.summaries import run_scaling

# Two fictional stories, three outlets each: small enough that every system, KL-Sum included,
# runs in well under a second.
BRIDGE = [
    ("Millbrook Herald", "2031-03-02",
     "The Old Mill Bridge in Millbrook was closed on Monday after inspectors found cracks in two "
     "support beams. City engineer Dana Ortiz said the bridge would stay closed for at least six "
     "weeks.\n\nTraffic is being sent over the Route 9 crossing, which adds about ten minutes to "
     "most trips. Repairs are expected to cost 2.4 million dollars."),
    ("Valley Post", "2031-03-02",
     "Inspectors closed the Old Mill Bridge on Monday after finding cracks in two of its support "
     "beams. The closure will last at least six weeks, city engineer Dana Ortiz said.\n\nDrivers "
     "must use the Route 9 crossing instead. The city council will meet on Thursday to approve "
     "2.4 million dollars for the repairs."),
    ("River Radio", "2031-03-03",
     "Millbrook's Old Mill Bridge remains closed a day after cracks were found in its support "
     "beams. Local shops near the bridge say customers have stayed away.\n\nThe council meets on "
     "Thursday to vote on the repair budget of 2.4 million dollars."),
]
TELESCOPE = [
    ("Port Avery Gazette", "2031-05-10",
     "The Port Avery public library received a donated telescope on Saturday from retired "
     "astronomer Lena Brandt. The library will lend the telescope to card holders for one week "
     "at a time.\n\nBrandt said she hoped the telescope would get children interested in the "
     "night sky. A first stargazing evening is planned for June 3."),
    ("Coastline News", "2031-05-10",
     "Retired astronomer Lena Brandt gave her telescope to the Port Avery public library on "
     "Saturday. Card holders will be able to borrow it for a week.\n\nThe library plans a "
     "stargazing evening on June 3 on the roof of the town hall."),
    ("Avery Weekly", "2031-05-11",
     "A telescope donated by Lena Brandt is now the most requested item at the Port Avery "
     "library. More than forty people joined the waiting list in the first day.\n\nThe library "
     "will hold a stargazing evening on June 3."),
]
REFERENCES = {
    "bridge": [
        "Millbrook closed the Old Mill Bridge on Monday after inspectors found cracks in two support "
        "beams. It will stay closed for at least six weeks and repairs should cost 2.4 million dollars.",
        "Cracks in support beams closed Millbrook's Old Mill Bridge for six weeks; traffic uses Route 9 "
        "and the council votes on the repair budget on Thursday.",
    ],
    "telescope": [
        "Retired astronomer Lena Brandt donated a telescope to the Port Avery library, which lends it "
        "to card holders for a week and plans a stargazing evening on June 3.",
    ],
}


def _cluster(cid, articles, references):
    return {
        "id": cid,
        "articles": [
            {"id": f"{cid}-{k}", "source": src, "date": date, "title": None, "text": text}
            for k, (src, date, text) in enumerate(articles)
        ],
        "references": references,
    }


@pytest.fixture
def tiny_dataset(tmp_path):
    path = tmp_path / "tiny.jsonl"
    lines = [_cluster("bridge", BRIDGE, REFERENCES["bridge"]), _cluster("telescope", TELESCOPE, REFERENCES["telescope"])]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_truncate_words_keeps_first_n_whitespace_words():
    assert truncate_words("one two  three\nfour five", 3) == "one two three"
    assert truncate_words("short text", 10) == "short text"
    assert truncate_words("", 5) == ""


def test_scores_only_the_first_n_words():
    scorer = make_scorer()
    refs = ["the council approved the bridge repair budget"]
    head = "the bridge was closed on monday"
    tail = " the council approved the bridge repair budget"
    cut = score_summary(scorer, head + tail, refs, words=6)
    assert cut == score_summary(scorer, head, refs, words=6)
    assert cut["rouge1_r"] < score_summary(scorer, head + tail, refs, words=100)["rouge1_r"]


def test_default_words_follow_each_benchmark_protocol():
    assert default_words("/x/duc2003.jsonl") == 100
    assert default_words("multiling2011_en.jsonl") == 250
    assert default_words("neus_val.jsonl") == 70
    assert default_words("other.jsonl") == 100


def test_eval_writes_table_json_and_chart(tiny_dataset, tmp_path):
    out = tmp_path / "results"
    result = CliRunner().invoke(eval_cmd, [str(tiny_dataset), "--words", "30", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for suffix in ("md", "json", "png"):
        assert (out / f"tiny_30w.{suffix}").stat().st_size > 0
    assert (out / "tiny_30w.png").read_bytes().startswith(b"\x89PNG")
    table = (out / "tiny_30w.md").read_text()
    assert table in result.stdout
    for name in SYSTEMS:
        assert f"| {name} |" in table

    report = json.loads((out / "tiny_30w.json").read_text())
    settings = report["settings"]
    assert settings["words"] == 30 and settings["clusters"] == 2
    assert "use_stemmer=True" in settings["rouge"]["call"]
    assert "'rouge1', 'rouge2', 'rougeL'" in settings["rouge"]["call"]
    assert "first 30" in settings["rouge"]["truncation"]
    assert set(report["results"]) == set(SYSTEMS)
    for name, r in report["results"].items():
        for key in ("rouge1_r", "rouge2_r", "rougeL_r", "rouge1_f", "rouge2_f", "rougeL_f"):
            assert 0.0 <= r[key] <= 1.0, (name, key)
        assert r["ms_median"] >= 0 and r["ms_p95"] >= r["ms_median"]
        assert r["peak_mib"] is not None and r["peak_mib"] >= 0
    assert set(report["per_cluster"]) == {"bridge", "telescope"}
    # The summaries are not saved: results files must not carry benchmark text.
    assert "Old Mill" not in (out / "tiny_30w.json").read_text()


def test_missing_file_is_a_usage_error():
    proc = subprocess.run([sys.executable, "-c", "from newsdigest.eval.cli import eval_cmd; eval_cmd()",
                           "/nonexistent/data.jsonl"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "does not exist" in proc.stderr


def test_file_without_references_is_a_usage_error(tmp_path):
    path = tmp_path / "norefs.jsonl"
    path.write_text(json.dumps(_cluster("bridge", BRIDGE, [])) + "\n")
    proc = subprocess.run([sys.executable, "-c", "from newsdigest.eval.cli import eval_cmd; eval_cmd()",
                           str(path), "--out", str(tmp_path / "r")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "no cluster with references" in proc.stderr


def test_unknown_system_is_rejected(tiny_dataset, tmp_path):
    result = CliRunner().invoke(eval_cmd, [str(tiny_dataset), "--systems", "lead,gpt", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "gpt" in result.output


def test_scaling_times_the_pipeline_per_story_size(tiny_dataset):
    report = run_scaling(read_jsonl_lines(tiny_dataset), words=40, model=None, sizes=(2, 4, 10), repeats=1)
    rows = report["sizes"]
    assert [r["articles"] for r in rows] == [2, 4, 6]  # capped at the 6 articles available
    assert all(r["seconds_median"] > 0 and r["sentences_mean"] > 0 for r in rows)
    assert all(r["analysis_seconds_median"] > 0 for r in rows)


def test_eval_on_shared_benchmark(shared_data, tmp_path):
    out = tmp_path / "results"
    result = CliRunner().invoke(eval_cmd, [
        str(shared_data / "duc2003.jsonl"), "--limit", "3", "--no-memory", "--out", str(out),
        # KL-Sum alone takes ~10 s per DUC cluster; the tiny-data test covers it.
        "--systems", "newsdigest,lead,random,lexrank,luhn",
    ])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "duc2003_100w.json").read_text())
    assert report["settings"]["clusters"] == 3 and report["settings"]["words"] == 100
    assert len(report["per_cluster"]) == 3
    for r in report["results"].values():
        assert 0.0 < r["rouge1_r"] <= 1.0 and 0.0 <= r["rouge2_r"] <= 1.0
    # Real news clusters: every real system overlaps the references far more than nothing does.
    assert report["results"]["newsdigest"]["rouge1_r"] > 0.2


def test_speed_compares_whole_processes(tiny_dataset):
    from newsdigest.eval.speed import compare_processes, speed_markdown

    report = compare_processes(read_jsonl_lines(tiny_dataset), words=40, clusters=2, articles=3, repeats=1)
    assert report["clusters"] == 2 and set(report["processes"]) == {"newsdigest summarize", "sumy lexrank"}
    for row in report["processes"].values():
        # A fresh Python process that imports numpy cannot start in under 50 ms or 10 MiB.
        assert row["seconds_median"] > 0.05 and row["peak_rss_mib"] > 10
    ratio = report["processes"]["sumy lexrank"]["seconds_median"] / report["processes"]["newsdigest summarize"]["seconds_median"]
    assert report["speedup_vs_lexrank"] == pytest.approx(ratio)
    assert "faster than sumy LexRank" in speed_markdown("tiny", report, 40)


def test_parallel_times_one_process_workers_and_dask_with_the_same_output(tiny_dataset):
    from newsdigest.eval.speed import compare_parallel, parallel_markdown

    report = compare_parallel(read_jsonl_lines(tiny_dataset), words=40, clusters=2, articles=3)
    expected = {"one process", "--workers 2"} | ({"--dask local"} if report["dask"] else set())
    assert set(report["processes"]) == expected
    for row in report["processes"].values():
        assert row["seconds_median"] > 0.05 and row["same_output"]
    assert report["processes"]["one process"]["speedup"] == pytest.approx(1.0)
    assert "| `newsdigest summarize` --workers 2 |" in parallel_markdown("tiny", report, 40)


def test_speed_needs_clusters_of_the_asked_size(tiny_dataset):
    from newsdigest.eval.speed import compare_processes

    with pytest.raises(ValueError, match="no cluster has 10 articles"):
        compare_processes(read_jsonl_lines(tiny_dataset), words=40, articles=10, repeats=1)


def test_benchmark_mode_fills_the_budget_that_the_scorer_keeps(tiny_dataset):
    """The eval's newsdigest writes at least N words (one last sentence may cross N), while the
    user-facing summary stays within its budget."""
    from newsdigest.eval.datasets import load_dataset
    from newsdigest.eval.peers import newsdigest_system
    from newsdigest.text.embed import load_encoder
    from newsdigest.text.lexical import word_count
    from newsdigest.model import Story
    from newsdigest.pipeline import summarize_story

    encoder = load_encoder()
    run = newsdigest_system(encoder)
    for cluster in load_dataset(tiny_dataset).clusters:
        total = sum(word_count(s.text) for a in cluster.articles for s in a.sentences)
        text = run(cluster.articles, 45)
        assert word_count(text) >= min(45, total - 20)
        story = summarize_story(Story("user", cluster.articles), encoder, words=45)
        assert sum(word_count(s.text) for s in story.summary) <= 45


def test_public_fill_flag_writes_the_summaries_eval_scores(tiny_dataset):
    """`newsdigest summarize --fill` is the benchmark mode: its summaries are the very ones that
    `newsdigest eval` scores, so a user can reproduce the ROUGE tables with the public CLI."""
    from newsdigest.cli import main
    from newsdigest.eval.datasets import load_dataset
    from newsdigest.eval.peers import newsdigest_system
    from newsdigest.text.embed import load_encoder

    result = CliRunner().invoke(main, ["summarize", str(tiny_dataset), "--fill", "--summary-only", "--words", "45",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    cli = {s["id"]: " ".join(x["text"] for x in s["summary"]) for s in json.loads(result.output)["stories"]}
    run = newsdigest_system(load_encoder())
    evaluated = {c.id: run(c.articles, 45) for c in load_dataset(tiny_dataset).clusters}
    assert cli == evaluated
    strict = CliRunner().invoke(main, ["summarize", str(tiny_dataset), "--summary-only", "--words", "45", "--format", "json"])
    strict_words = [sum(len(x["text"].split()) for x in s["summary"]) for s in json.loads(strict.output)["stories"]]
    assert max(strict_words) <= 45
    assert any(len(text.split()) > 45 for text in cli.values())
