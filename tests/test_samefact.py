import json

from click.testing import CliRunner

from newsdigest.eval.samefact import eval_samefact_cmd, scores, split_topics


def _pair(k, topic, a, b, relation, rev=False):
    return {"id": f"claimdiff-{k}" + ("_rev" if rev else ""), "dataset": "claimdiff", "topic": topic,
            "claim_a": a, "claim_b": b, "relation": relation}


PAIRS = [
    _pair(1, "Alpha summit", "Both leaders left the venue in a motorcade at 1.25 p.m. local time.",
          "Kim Jong Un and Donald Trump left the venue in a motorcade at 1.25pm.", "strengthen"),
    _pair(1, "Alpha summit", "Kim Jong Un and Donald Trump left the venue in a motorcade at 1.25pm.",
          "Both leaders left the venue in a motorcade at 1.25 p.m. local time.", "strengthen", rev=True),
    _pair(2, "Alpha summit", "The fire killed 12 people in the harbor district.",
          "The fire killed 15 people in the harbor district.", "weaken"),
    _pair(3, "Zulu vote", "The council approved the budget on Tuesday.",
          "Residents were told to keep their windows closed.", "neither"),
    _pair(4, "Zulu vote", "The two leaders failed to reach an agreement on sanctions.",
          "No agreement was reached on sanctions, the White House said.", "strengthen"),
]


def test_topics_split_in_halves_by_name_with_twins_together():
    dev, held = split_topics(PAIRS)
    assert dev == {"Alpha summit"} and held == {"Zulu vote"}


def test_scores_count_strengthen_against_the_rest():
    r = scores(PAIRS, [True, True, False, True, False])
    assert (r["true_positives"], r["false_positives"]) == (2, 1)
    assert r["precision"] == 2 / 3 and r["recall"] == 2 / 3


def test_command_writes_the_table(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "claimdiff_train.jsonl").write_text("\n".join(json.dumps(p) for p in PAIRS) + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(eval_samefact_cmd, ["--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "samefact.json").read_text())
    # The paraphrases are found, the 12/15 near-miss and the unrelated pair are not.
    assert report["dev"]["true_positives"] == 2 and report["dev"]["false_positives"] == 0
    assert report["held_out"]["true_positives"] == 1 and report["held_out"]["false_positives"] == 0
    assert "| dev |" in (out / "samefact.md").read_text()
