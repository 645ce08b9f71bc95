"""The learned loaded-wording tagger as the product uses it (numpy only, shipped model, offline)."""

import json
import shutil

import numpy as np
import pytest

from newsdigest.analysis.framing import learned
from newsdigest.analysis.framing.compare import article_terms, frame, most_loaded
from newsdigest.analysis.framing.loaded import find_loaded, paragraph_quote_spans
from newsdigest.model import Article, Sentence, Story


def test_shipped_model_loads_offline(monkeypatch):
    monkeypatch.delenv(learned.ENV_VAR, raising=False)
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.setenv(var, "1")
    m = learned.load_model()
    assert learned.model_dir() == learned.DEFAULT_MODEL_DIR
    assert m["piece_proj"].shape[1] == 3 and m["tagger"]["w_dense"].ndim == 1


def test_model_folder_follows_the_setting_each_time(monkeypatch, tmp_path):
    # The resolved folder is cached per setting: a changed $NEWSDIGEST_FRAMING_MODEL is still seen.
    monkeypatch.delenv(learned.ENV_VAR, raising=False)
    assert learned.model_dir() == learned.DEFAULT_MODEL_DIR
    monkeypatch.setenv(learned.ENV_VAR, str(tmp_path))
    assert learned.model_dir() == tmp_path.resolve()
    assert learned.model_dir(tmp_path / "other") == (tmp_path / "other").resolve()
    monkeypatch.delenv(learned.ENV_VAR)
    assert learned.model_dir() == learned.DEFAULT_MODEL_DIR


def test_loaded_words_are_flagged_with_evidence():
    text = "The spineless senator's reckless scheme is a disgraceful betrayal of hardworking families."
    found = {m.term: m.lexicon for m in find_loaded(text, mode="model")}
    assert {"reckless", "disgraceful"} <= set(found)
    assert all(ev.startswith("model") for ev in found.values())
    assert "vader" in found["reckless"]
    assert "senator" not in found and "families" not in found


def test_shipped_model_holds_only_permissively_licensed_lexicons():
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    assert set(m["meta"]["lexicons"]) <= {"vader", "pat"}
    assert {f.split("_")[0] for f in m["lex_names"]} <= {"vader", "pat"}
    assert set(m["meta"]["lex_licences"]) == set(m["meta"]["lexicons"])
    assert "VADER" in m["meta"]["label_rule"] and "NRC" not in m["meta"]["label_rule"]


def test_insults_and_labels_are_a_class_from_permissive_sources():
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    assert len(m["label_class"]) >= 20
    text = "The vile, idiotic fascist senator attacked the committee."
    found = {t.term: t.lexicon for t in find_loaded(text, mode="model")}
    assert any("insult_label" in ev for ev in found.values())
    assert all(ev.split("+")[0] == "model" and set(ev.split("+")[1:]) <= {"vader", "pattern", "insult_label", "curated", "babe", "context", "high"}
               for ev in found.values())


def test_plain_report_has_few_flags():
    text = "The committee approved the budget on Tuesday by a vote of 12 to 9."
    assert find_loaded(text, mode="model") == []


def test_words_inside_quotation_marks_are_not_flagged():
    text = "\u201cThis reckless, disgraceful scheme is a betrayal,\u201d the senator said."
    assert find_loaded(text, mode="model") == []
    assert [m.term for m in find_loaded(text, quotes=True, mode="model")]


def test_quotation_over_several_sentences_and_paragraphs_is_skipped():
    sents = [
        Sentence("a", 0, 0, "\u201cThe plan is working."),
        Sentence("a", 1, 0, "It is a reckless, disgraceful betrayal by corrupt thugs."),  # no mark of its own
        Sentence("a", 2, 0, "We will fight it.\u201d"),
        Sentence("a", 3, 1, "The reckless senator left."),
    ]
    skips = paragraph_quote_spans(sents)
    assert skips[1] == [(0, len(sents[1].text))]
    art = Article(id="a", source="A", text="", sentences=sents)
    terms = article_terms(art)
    assert terms and all(t.sentence_index == 3 for t in terms)
    assert terms[0].sentence == sents[3].text and terms[0].lexicon.startswith("model")


def test_outlet_comparison_says_unsure_with_few_sentences():
    a = Article(id="a", source="A", text="", sentences=[Sentence("a", 0, 0, "The reckless regime's thugs attacked.")])
    b = Article(id="b", source="B", text="", sentences=[Sentence("b", 0, 0, "The government's police arrested people.")])
    story = Story(id="s", articles=[a, b])
    f = frame(story)
    assert f[0].source == "A" and f[0].confidence == "unsure" and "only 1 sentence" in f[0].note
    assert most_loaded(f) is None
    assert "confidence" in f[0].to_dict()


def test_missing_model_folder_gives_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(learned.FramingModelError, match="not found"):
        learned.load_model(tmp_path / "nowhere")
    monkeypatch.setenv(learned.ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(learned.FramingModelError, match=learned.ENV_VAR):
        learned.load_model()
    (tmp_path / "partial").mkdir()
    with pytest.raises(learned.FramingModelError, match="lacks"):
        learned.load_model(tmp_path / "partial")


def test_corrupt_model_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(learned.DEFAULT_MODEL_DIR, bad)
    (bad / "framing.npz").write_bytes(b"not a zip")
    with pytest.raises(learned.FramingModelError, match="corrupt"):
        learned.load_model(bad)
    bad2 = tmp_path / "bad2"
    shutil.copytree(learned.DEFAULT_MODEL_DIR, bad2)
    meta = json.loads((bad2 / "framing.json").read_text())
    del meta["tag_b"]
    (bad2 / "framing.json").write_text(json.dumps(meta))
    with pytest.raises(learned.FramingModelError, match="corrupt"):
        learned.load_model(bad2)


def test_env_var_points_elsewhere(tmp_path, monkeypatch):
    other = tmp_path / "copy"
    shutil.copytree(learned.DEFAULT_MODEL_DIR, other)
    monkeypatch.setenv(learned.ENV_VAR, str(other))
    assert learned.load_model()["path"] == str(other.resolve())


def test_sentence_score_orders_loaded_above_plain():
    m = learned.load_model()
    hot = learned.sentence_score(m, "The radical left's insane, job-killing agenda is destroying America.")
    cold = learned.sentence_score(m, "The bill would raise the minimum wage to $15 an hour by 2025.")
    assert hot > 0.5 > cold


def test_precision_guard_keeps_plain_news_words_unflagged():
    # The demo's fire story: plain words the bare tagger flagged ("inhalation" in one outlet but
    # not in the same phrase of another, "fully", "engulfed", "woke up").
    for text in ("Two firefighters were treated for smoke inhalation.",
                 "A fire destroyed a warehouse, and two firefighters were treated for smoke inhalation, city officials said.",
                 "Fire Chief Maria Delgado said the warehouse was fully engulfed by the time crews arrived.",
                 "Residents woke up to the smell of smoke.",
                 "NAACP President Ben Jealous said the vote was close."):
        assert find_loaded(text, mode="model") == [], text
    found = {m.term for m in find_loaded("The devastating inferno was a shocking, reckless failure.", mode="model")}
    assert {"devastating", "inferno", "shocking", "reckless"} <= found


def test_precision_guard_needs_checkable_evidence():
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    assert learned.support(m, "inhalation") == []          # unknown to BABE's marks and the lexicons
    assert learned.support(m, "fully") == []               # marked biased once in BABE
    assert learned.support(m, "said") == [] and learned.support(m, "claimed") == []
    assert learned.support(m, "bigotry") == ["babe"] and learned.support(m, "racist") == ["vader"]
    assert learned.support(m, "inferno") == ["curated"]
    assert learned.plain_sense(["Residents", "woke", "up"], 1)
    assert not learned.plain_sense(["the", "woke", "mob"], 1)
    assert all(t["word"] != "woke" for t in learned.tag(m, "Residents woke up early."))
    assert learned.tag(m, "Two firefighters were treated for smoke inhalation.", guard=False)  # the bare tagger


def test_same_phrase_gets_the_same_decision_in_two_outlets():
    a = "Two firefighters were treated for smoke inhalation."
    b = "Officials said two firefighters were treated for smoke inhalation at a hospital."
    assert [m.term for m in find_loaded(a, mode="model")] == [m.term for m in find_loaded(b, mode="model")] == []


def test_guard_tiers_and_thresholds_come_with_the_model():
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    th = learned.guard_thresholds(m)
    assert th["strong"] <= th["lexicon"] <= th["context"] and th["context_p"] >= 0.8
    assert m["flag"]["w"].shape == (len(learned.FLAG_FEATURES),)
    words = "The senator blasted the reckless plan to build 12 new bridges".split()
    tier, names = learned.guard_tiers(m, words)
    assert tier[words.index("reckless")] == 3 and "curated" in names[words.index("reckless")]
    assert tier[words.index("The")] == 0 and tier[words.index("12")] == 0 and tier[words.index("to")] == 0


def test_claim_as_a_verb_of_attribution_but_not_the_noun():
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    assert learned.claim_verb("He claimed that the count was rigged".split(), 1)
    assert learned.claim_verb("She claims to have won".split(), 1)
    assert not learned.claim_verb("The firm faces discrimination claims from workers".split(), 4)
    words = "The firm faces discrimination claims from former workers".split()
    assert learned.guard_tiers(m, words)[0][4] == 0
    assert not [t for t in learned.tag(m, "The firm faces discrimination claims from former workers.")
                if t["word"] == "claims"]


def test_context_tier_is_off_in_the_product():
    """A word no lexicon and no BABE mark knows is never flagged by the shipped guard, however
    loaded its sentence reads: such a flag names no evidence a reader can check."""
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    th = learned.guard_thresholds(m)
    words = ["The", "zorblax", "was", "approved"]
    z = np.full(4, 5.0, dtype=np.float32)
    assert not learned.guard_mask(m, words, z, s=4.0, f=np.full(4, th["context"] + 1.0))[1]


def test_context_tier_needs_a_sentence_read_as_loaded(monkeypatch):
    monkeypatch.setitem(learned.GUARD, "context_tier", True)  # the research setting
    monkeypatch.setitem(learned.GUARD, "context_pos", ())     # any part of speech
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    th = learned.guard_thresholds(m)
    words = ["The", "zorblax", "was", "approved"]  # a word no lexicon and no BABE mark knows
    tier, names = learned.guard_tiers(m, words)
    assert tier[1] == 1 and names[1] == ["context"]
    z = np.full(4, 5.0, dtype=np.float32)
    plain = learned.guard_mask(m, words, z, s=-3.0)         # a sentence read as plain
    loaded = learned.guard_mask(m, words, z, s=4.0, f=np.full(4, th["context"] + 1.0))
    assert not plain[1] and loaded[1]
    # names stay unflagged, and a word BABE saw often and never marked is plain
    assert learned.guard_tiers(m, ["Officials", "met", "Zorblax", "Jones"])[0][2] == 0
    assert learned.guard_tiers(m, ["Zorblax", "tweeted", "late"])[0][0] == 0  # a name opening the sentence


def test_context_tier_takes_adjectives_and_adverbs_not_nouns_or_plain_verbs(monkeypatch):
    """Research setting (the tier is off in the product): in a sentence read as loaded, a word with
    no lexical evidence may be flagged only as an adjective or adverb ("chalkboard", "resembled":
    no)."""
    if learned._pos_pipeline() is None:
        pytest.skip("spaCy's en_core_web_sm is not installed")
    monkeypatch.setitem(learned.GUARD, "context_tier", True)
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    th = learned.guard_thresholds(m)
    words = "The chalkboard resembled a lackluster and predictably tedious lecture".split()
    assert learned.pos_tags(tuple(words))[1:3] == ("NOUN", "VERB")
    tier, _ = learned.guard_tiers(m, words)
    i_noun, i_verb, i_adj, i_adv = (words.index(w) for w in ("chalkboard", "resembled", "lackluster", "predictably"))
    assert tier[i_noun] == tier[i_verb] == tier[i_adj] == tier[i_adv] == 1  # no lexical evidence for any
    z = np.full(len(words), learned.GUARD["high_logit"] - 0.5, dtype=np.float32)  # below the "high" evidence
    f = np.full(len(words), th["context"] + 1.0)
    flagged = learned.guard_mask(m, words, z, s=4.0, f=f)
    assert flagged[i_adj] and flagged[i_adv] and not flagged[i_noun] and not flagged[i_verb]
    monkeypatch.setitem(learned.GUARD, "context_pos", ("ADJ", "ADV", "VERB"))
    assert learned.guard_mask(m, words, z, s=4.0, f=f)[i_verb]
    monkeypatch.setitem(learned.GUARD, "context_tier", False)  # the product: none of them
    assert not learned.guard_mask(m, words, z, s=4.0, f=f)[[i_noun, i_verb, i_adj, i_adv]].any()


def test_title_case_headline_words_need_lexical_evidence():
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    words = "Senate Passes Reckless Spending Bill In Late Vote".split()
    tier, _ = learned.guard_tiers(m, words)
    assert tier[words.index("Reckless")] == 3
    assert all(t != 1 for w, t in zip(words, tier) if w[:1].isupper())
    # in an ordinary sentence a capitalised word is a name
    assert learned.guard_tiers(m, "Officials met Reckless Jones today".split())[0][2] == 0


def test_word_family_joins_inflections_and_derivations():
    assert learned.family("demonizing") == learned.family("demonized") == learned.family("demonization")
    assert learned.family("shamelessly") == learned.family("shameless") == "shameless"
    assert learned.family("processes") == learned.family("process")


def test_vader_evidence_is_negative_valence_only():
    from newsdigest.analysis.framing import learned as L

    m = L.load_model()
    # Positive sentiment is not slant (BABE's annotators rarely mark it): no VADER evidence.
    for word in ("appreciates", "laughter", "happiness"):
        assert "vader" not in L.support(m, word) and "vader" not in L.weak_support(m, word), word
    assert "vader" in L.support(m, "incompetent")
    # The switch is a guard parameter: with it off, positive words get VADER evidence again.
    assert "vader" in L.support(m, "appreciates", params={"vader_negative_only": False})


def test_loaded_count_with_quotations_counts_the_quoted_words_too(monkeypatch):
    from newsdigest.analysis.framing import neutral
    from newsdigest.analysis.framing.loaded import loaded_count

    text = "Councillor Ana Ortiz called the vote \u201ca reckless, disgraceful betrayal\u201d of the town."
    assert loaded_count(text) == 0 and loaded_count(text, quotes=True) >= 2
    # The neutral summary compares wordings as a reader sees them: quotations included.
    calls = []
    monkeypatch.setattr(neutral, "loaded_count", lambda t, quotes=False: calls.append(quotes) or 0)
    from newsdigest.pipeline import summarize
    summarize([{"source": "A", "text": text}, {"source": "B", "text": "The council voted to close the pier."}],
              one_story=True)
    assert calls and all(calls)


def _with_prior(m, words_scores, thr=None):
    """A copy of the model with an evaluative-word prior that rates ``words_scores`` (word ->
    logit) and every other word at -1, and the guard thresholds ``thr``."""
    m2 = dict(m)
    proj = np.zeros(len(m["wordpiece"].ids), dtype=np.float32)
    for w, s in words_scores.items():
        proj[m["wordpiece"].pieces(w)] = s + 1.0
    m2["eval_proj"], m2["eval_b"] = proj, -1.0
    if thr is not None:
        m2["guard_thr"] = thr
    return m2


def test_evaluative_tier_is_off_and_the_shipped_model_has_no_prior():
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    assert learned.GUARD["evaluative_tier"] is False
    assert learned.evaluative_score(m, "buffoonery") == float("-inf")
    m2 = _with_prior(m, {"zorblax": 3.0})
    assert learned.guard_tiers(m2, ["The", "zorblax", "was", "approved"])[1][1] == ["context"]


def test_evaluative_tier_needs_the_prior_a_loaded_sentence_and_no_lexicon_value(monkeypatch):
    """Research setting: a word no lexicon gives a value, that the evaluative-word prior rates at
    or above evaluative_min, is flagged in a sentence read as loaded at P >= evaluative_p when its
    flag score passes the tier's threshold; its evidence says "evaluative"."""
    monkeypatch.setitem(learned.GUARD, "evaluative_tier", True)
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    th = dict(learned.guard_thresholds(m), evaluative=0.0, evaluative_p=0.5)
    m2 = _with_prior(m, {"zorblax": 2.0, "quibbleton": -0.5, "reckless": 5.0}, th)
    words = ["The", "zorblax", "quibbleton", "reckless", "plan"]
    tier, names = learned.guard_tiers(m2, words)
    assert tier[1] == 1 and names[1] == ["evaluative"]     # unknown to the lexicons, prior 2.0 >= 0
    assert tier[2] == 1 and names[2] == ["context"]        # the prior reads it as plain (-0.5)
    assert tier[3] == 3                                    # a lexicon word keeps its lexical evidence
    z = np.zeros(len(words), dtype=np.float32)
    f = np.full(len(words), 1.0)
    loaded = learned.guard_mask(m2, words, z, s=2.0, f=f)   # P = 0.88
    assert loaded[1] and not loaded[2]
    assert not learned.guard_mask(m2, words, z, s=-2.0, f=f)[1]                  # a plain sentence
    assert not learned.guard_mask(m2, words, z, s=2.0, f=np.full(len(words), -1.0))[1]  # below threshold
    assert learned.guard_tiers(m2, ["Officials", "met", "Zorblax", "Jones"])[0][2] == 0  # a name
    assert not learned.guard_mask(_with_prior(m, {"zorblax": 2.0}), words, z, s=2.0, f=f)[1]  # no tier threshold
    monkeypatch.setitem(learned.GUARD, "evaluative_tier", False)  # the product
    assert not learned.guard_mask(m2, words, z, s=2.0, f=f)[1]


def test_evaluative_flag_names_its_evidence(monkeypatch):
    monkeypatch.setitem(learned.GUARD, "evaluative_tier", True)
    m = learned.load_model(learned.DEFAULT_MODEL_DIR)
    th = dict(learned.guard_thresholds(m), evaluative=-30.0, evaluative_p=0.0)
    m2 = _with_prior(m, {"zorblax": 2.0}, th)
    flags = {t["word"]: t["evidence"] for t in learned.tag(m2, "The committee weighed the zorblax proposal on Tuesday.")}
    assert flags.get("zorblax") == ["evaluative"]
    assert "committee" not in flags


def test_model_with_an_evaluative_prior_loads_and_checks_its_shape(tmp_path):
    src = learned.DEFAULT_MODEL_DIR
    for bad in (False, True):
        d = tmp_path / ("bad" if bad else "good")
        shutil.copytree(src, d)
        meta = json.loads((d / "framing.json").read_text(encoding="utf-8"))
        meta["eval_b"] = -0.5
        (d / "framing.json").write_text(json.dumps(meta), encoding="utf-8")
        with np.load(d / "framing.npz") as arr:
            arrays = {k: arr[k] for k in arr.files}
        n = arrays["piece_proj"].shape[0] - (1 if bad else 0)
        arrays["eval_proj"] = np.ones(n, dtype=np.float16)
        np.savez_compressed(d / "framing.npz", **arrays)
        if bad:
            with pytest.raises(learned.FramingModelError):
                learned.load_model(d)
        else:
            assert learned.evaluative_score(learned.load_model(d), "zorblax") == pytest.approx(0.5)


def test_a_given_name_opening_a_sentence_is_never_flagged():
    from newsdigest.analysis.framing import learned as L

    m = L.load_model(L.model_dir())
    # VADER lists the word; here it is a senator's first name, as the line's capital shows.
    assert "Dick" not in [t["word"] for t in L.tag(m, "-Dick has been a constant champion of veterans and of the military.")]
    # A capitalised loaded word opening a sentence is still read.
    assert "Disgraceful" in [t["word"] for t in L.tag(m, "Disgraceful scenes followed the reckless vote.")]
