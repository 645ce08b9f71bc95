"""The framing benchmark's code on tiny synthetic data; the real run needs ../shared/data."""

from pathlib import Path

import numpy as np
import pytest

from newsdigest.eval import framing_bench as B

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_macro_f1_and_prf():
    assert B.macro_f1([0, 1, 1, 0], [0, 1, 1, 0]) == 1.0
    assert B.macro_f1([0, 1], [1, 0]) == 0.0
    assert B.prf(1, 2, 4) == (0.5, 0.25, pytest.approx(1 / 3))


def test_outlet_answer_is_unsure_with_few_words_or_a_close_second():
    arts = [{"source": "A", "n_words": 400, "f": np.array([1] * 8)},
            {"source": "B", "n_words": 400, "f": np.array([1] * 2)},
            {"source": "C", "n_words": 400, "f": np.array([])}]
    assert B.outlet_answer(arts, lambda a: a["f"], 150, 3, 0.25) == ("A", True)
    arts[1]["f"] = np.array([1] * 7)
    assert B.outlet_answer(arts, lambda a: a["f"], 150, 3, 0.25) == ("A", False)
    assert B.outlet_answer(arts, lambda a: a["f"], 1000, 3, 0.25)[1] is False


def test_markdown_renders_each_part():
    r = {"settings": {"data": "x", "seconds": 1.0, "cpus": 2},
         "babe": {"_n": 4, "m": {"sentence_macro_f1": 0.5, "folds": [0.5], "word_P": 0.1, "word_R": 0.2, "word_F1": 0.13}},
         "cost": {"rules": 1.0, "model load (s)": 0.5}}
    text = B.markdown(r)
    assert "| m | 0.500 (0.50) | 0.100 | 0.200 | 0.130 |" in text and "| rules | 1.00 |" in text


@pytest.mark.skipif(not (SHARED / "basil_dev.jsonl").exists(), reason=f"shared data not found at {SHARED}")
def test_basil_articles_mark_gold_outside_quotations():
    from newsdigest.eval import framing_train as T
    ev = T.basil_articles(str(SHARED / "basil_dev.jsonl"))
    assert len(ev) == 50 and all(len(arts) == 3 for arts in ev)
    assert 100 < sum(len(a["gold"]) for arts in ev for a in arts) < sum(len(a["lex"]) for arts in ev for a in arts)


def test_lexicon_sets_and_the_permissive_table():
    from newsdigest.eval import framing_train as T
    assert T.lexicon_sources("permissive") == ("vader", "pat")
    assert set(T.lexicon_sources("all")) == {"vader", "pat", "huliu", "socal", "nrc", "gi", "lm", "arg"}
    assert T.lexicon_sources("pat,vader") == ("vader", "pat")
    with pytest.raises(ValueError):
        T.lexicon_sources("nope")
    words, rows, feats = T.build_lexicon("/nonexistent", "permissive")  # no download, no wheel read
    assert feats == ["vader_val", "vader_abs", "pat_subj", "pat_pol"]
    assert len(words) > 5000 and len(rows[0]) == 4
    assert T.fetch_lexicon_wheels("/nonexistent", "permissive") == "/nonexistent"


def test_merge_keeps_parts_not_rerun():
    old = {"babe": {"x": 1}, "basil": {"y": 1}, "settings": {"seconds": 100.0}}
    new = {"basil": {"y": 2}, "settings": {"seconds": 10.0}}
    r = B.merge(old, new)
    assert r["babe"] == {"x": 1} and r["basil"] == {"y": 2}
    assert r["settings"]["parts_runs"] == {"babe": "100 s", "basil": "10 s"}


def test_neutral_summary_bench_counts_gold_spans_inside_summary_sentences(tmp_path):
    import json

    calm = ("The harbour council voted on Tuesday to close the old ferry pier in June. "
            "The ferry will move to the north quay, the council said. Repairs would have cost four million dollars.")
    loud = ("The harbour council voted on Tuesday to close the old ferry pier in June. "
            "The reckless vote is a disgrace to the town, critics said. Repairs would have cost four million dollars.")
    start = loud.index("reckless")
    event = {"id": "basil-x", "articles": [
        {"id": "x_1", "source": "Calm Times", "date": "2026-03-10", "text": calm},
        {"id": "x_2", "source": "Loud Post", "date": "2026-03-10", "text": loud}],
        "annotations": {"x_1": {"lexical": []},
                        "x_2": {"lexical": [{"start": start, "end": start + 8, "text": "reckless", "quote": False}]}}}
    path = tmp_path / "basil.jsonl"
    path.write_text(json.dumps(event) + "\n", encoding="utf-8")
    r = B.bench_neutral(str(path), words=60)
    assert r["_events"] == 1 and r["_located"] == r["_sentences"] > 0
    most = r["most loaded outlet per event (mean)"]["spans_per_100"]
    assert most > 0 and r["least loaded outlet per event (mean)"]["spans_per_100"] == 0
    # Both summaries need the loud sentence (no outlet words that fact another way): its gold
    # span is counted, per 100 of the summary's own words.
    for name in ("plain summary", "neutral summary"):
        d = r[name]
        assert d["spans"] == 1 and d["spans_per_100"] == pytest.approx(100.0 / d["words"])
    text = B.markdown({"settings": {"data": "x", "seconds": 1.0, "cpus": 2}, "neutral": r})
    assert "| neutral summary |" in text
    # The report is on every event; the halves (tuning / held out) are reported beside it.
    halves = r["_halves"]
    assert halves["neutral summary, tuning half (1 events)"]["spans"] == 1
    assert halves["plain summary, held out half (0 events)"]["words"] == 0
    assert "| neutral summary, tuning half (1 events) |" in text and "held out" in text


def test_neutral_halves_split_event_ids_in_sorted_order():
    ids = [f"basil-{c}" for c in "dbeac"]
    half = B.neutral_halves(ids)
    assert [i for i in sorted(ids) if half[i] == "tuning"] == ["basil-a", "basil-b", "basil-c"]
    assert [i for i in sorted(ids) if half[i] == "held out"] == ["basil-d", "basil-e"]
    assert B._locate_sentence("A  b\nc. D.", "b c.") == (3, 7)


def test_outlet_halves_score_the_product_answer_per_half(tmp_path):
    import json

    from test_framing import LOADED_NARRATION, PLAIN_NARRATION

    loud, calm = " ".join(LOADED_NARRATION), " ".join(PLAIN_NARRATION)
    start = loud.index("radical")

    def event(i, loud_first):
        arts = [{"id": f"{i}_1", "source": "Loud Post", "text": loud}, {"id": f"{i}_2", "source": "Calm Times", "text": calm},
                {"id": f"{i}_3", "source": "Plain Daily", "text": calm}]
        return {"id": f"basil-{i}", "articles": arts if loud_first else arts[::-1],
                "annotations": {f"{i}_1": {"lexical": [{"start": start, "end": start + 7, "text": "radical", "quote": False}]},
                                f"{i}_2": {"lexical": []}, f"{i}_3": {"lexical": []}}}

    path = tmp_path / "basil.jsonl"
    path.write_text("".join(json.dumps(event(i, i % 2 == 0)) + "\n" for i in range(4)), encoding="utf-8")
    r = B.outlet_halves(str(path))
    new = r["shipped: loaded narration sentences (sentence model), all (4 events)"]
    assert new["outlet_acc_all"] == 1.0 and new["unsure_rate"] == 0.0 and new["pairs"] == 1.0
    assert r["shipped: loaded narration sentences (sentence model), held out (2 events)"]["n_pairs"] == 4
    text = B.markdown({"settings": {"data": "x", "seconds": 1.0, "cpus": 2},
                       "basil": {"_gold_outside_quotes": 4, "_gold_all": 4, "_curve": {}, "_no_gold_events": 0, "_outlet_halves": r}})
    assert "| shipped: loaded narration sentences (sentence model), tuning (2 events) | 1.000 [1.00, 1.00] |" in text
    assert new["outlet_acc_ci"] == [1.0, 1.0] and new["pairs_ci"] == [1.0, 1.0]


def test_event_ci_resamples_events_not_pairs():
    right = [True] * 14 + [False] * 11
    lo, hi = B.event_ci(right, [[True]] * 25)[0]
    assert lo < 0.56 < hi and hi - lo > 0.3  # 25 events: about +-0.2 around 0.56
    assert B.event_ci(right, [[True]] * 25) == B.event_ci(right, [[True]] * 25)  # seeded
    # An event's pairs move together: one event with all its pairs wrong among many right ones.
    acc_ci, pairs_ci = B.event_ci([True, True, False], [[True, True], [True, True], [False, False]])
    assert pairs_ci[0] < 0.67 < pairs_ci[1] <= 1.0 and acc_ci[1] == 1.0
    assert B.event_ci([False], [[]])[1] is None  # no event has a pair whose gold counts differ


def test_evaluative_prior_labels_come_from_the_lexicons_alone():
    from newsdigest.eval import framing_train as T
    lab = T.evaluative_labels(["disdain", "academic", "chalkboard", "the", "##ing", "ab"], stopwords={"the"})
    assert lab["disdain"] == 1             # VADER |valence| >= 1
    assert lab["chalkboard"] == 0          # a vocabulary word neither lexicon lists
    assert lab.get("academic") == 0        # Pattern's neutral entry
    assert "the" not in lab and "##ing" not in lab and "ab" not in lab


def test_guard_tuning_adds_the_evaluative_threshold_only_with_candidates():
    from newsdigest.eval import framing_train as T
    # strong tier: 2 right above 0.5; evaluative candidates: right above 1.0, wrong below
    f = np.array([1.0, 1.0, -2.5, 1.5, 1.2, 0.2, -0.5, 0.0])
    tier = np.array([3, 3, 3, 1, 1, 1, 1, 0])
    y = np.array([1, 1, 0, 1, 1, 0, 0, 1])
    ctx = np.zeros(len(f), dtype=bool)
    assert len(T._tune_guard(f, tier, ctx, y)) == 4
    sc, ta, tb, tc, te = T._tune_guard(f, tier, ctx, y, ev=tier == 1)
    assert 0.2 <= te < 1.2 and ta < 1.0 and tb >= ta and tc >= tb
    assert sc == pytest.approx(2 * 4 / (4 + 5))
    assert len(T._tune_guard(f, tier, ctx, y, ev=np.zeros(len(f), dtype=bool))) == 4
