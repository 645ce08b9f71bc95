from pathlib import Path

import pytest

from newsdigest.analysis import framing
from newsdigest.eval.scorers import framing as framing_scoring
from newsdigest.summary.align import build_table, mark_duplicates
from newsdigest.summary.cite import verify
from newsdigest.model import Article, Story
from newsdigest.pipeline import prepare_articles, summarize, summarize_story

from conftest import read_gold

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "framing.jsonl"


@pytest.fixture
def rules_mode(monkeypatch):
    """These tests pin the lexicon rules (NEWSDIGEST_FRAMING_MODE=rules), kept as evidence and as a mode."""
    monkeypatch.setenv("NEWSDIGEST_FRAMING_MODE", "rules")


@pytest.fixture(scope="module")
def gold_digest():
    return summarize([GOLD], words=60)


@pytest.fixture(scope="module")
def gold():
    return read_gold(GOLD)


def story_of(*articles: Article, words: int = 60, encoder=None) -> Story:
    usable = prepare_articles(list(articles), [])
    story = Story(id="s", articles=usable)
    if encoder is not None:
        summarize_story(story, encoder, words=words)
    else:
        mark_duplicates(usable)
    return story


# --- loaded terms -----------------------------------------------------------------------------


@pytest.mark.usefixtures("rules_mode")
def test_each_lexicon_flags_its_kind_of_word():
    found = {m.term: m.lexicon for m in framing.find_loaded(
        "The regime slammed the outrageous, utterly disastrous plan as chaos."
    )}
    assert found["regime"] == "curated" and found["slammed"] == "curated"  # inflection of "slam"
    assert found["utterly"] == "vader-booster"
    assert found["chaos"] == "vader"
    assert found["disastrous"] in {"vader", "pattern"} and "outrageous" in found
    assert "plan" not in found


def test_plain_words_for_bad_events_are_not_loaded():
    text = "A fire killed two workers and injured 11; police arrested a suspect after the attack and the war."
    assert framing.loaded_terms(text) == []


@pytest.mark.usefixtures("rules_mode")
def test_phrases_and_inflected_phrases():
    terms = framing.loaded_terms("The council rammed through the tax grab, and the so-called reform was a witch hunt.")
    assert terms == ["rammed through", "tax grab", "so-called", "witch hunt"]


def test_names_are_not_loaded_but_sentence_start_is_checked():
    assert framing.loaded_terms("The Supreme Court and the Justice Department met at Liberty Hall.") == []
    assert framing.loaded_terms("Brutal crackdowns followed.") == ["Brutal"]


@pytest.mark.usefixtures("rules_mode")
def test_quoted_speech_is_not_the_outlets_wording():
    assert framing.loaded_terms('He called the plan "a disgraceful scam" on Monday.') == []
    assert framing.loaded_terms("“This is a horrific scheme,” she said.") == []
    # Unclosed quote: runs to the end of the sentence.
    assert framing.loaded_terms("He said “the regime is brutal and corrupt") == []
    # A closing mark with no opening one: a quotation continued from the paragraph before.
    assert framing.loaded_terms("a disgraceful sham,” the mayor said, calling the regime brutal.") == ["regime", "brutal"]
    # Curly single quotes, with apostrophes inside words that must not close them.
    assert framing.loaded_terms("It was ‘absolutely shocking’, but officials’ reply was horribly slow.") == ["horribly"]
    # The same words outside quotes do count.
    assert framing.loaded_terms("The disgraceful scam was a scheme.") == ["disgraceful", "scam", "scheme"]


def test_with_quotes_counts_the_quotation_too():
    text = 'He called it "a disgraceful scam" and left.'
    assert framing.loaded_rate(text) == 0.0
    # the default (learned) tagger flags "disgraceful" here; whether it also flags "scam" is the
    # model's call (the permissive-lexicon model does not), so only the quotation's counting is pinned
    assert framing.loaded_rate(text, quotes=True) >= 100 * 1 / 8


def test_own_word_count_and_rate():
    assert framing.own_word_count('The mayor said "we will win this fight" today.') == 4
    assert framing.loaded_rate("The massive, reckless plan.") == pytest.approx(100 * 2 / 4)
    assert framing.loaded_rate("") == 0.0 and framing.loaded_terms("") == []


def test_lexicons_come_from_the_installed_packages():
    assert len(framing.vader_lexicon()) > 7000
    assert len(framing.pattern_lexicon()) > 1000
    assert "extremely" in framing.vader_boosters() and "more" not in framing.vader_boosters()


@pytest.mark.usefixtures("rules_mode")
def test_missing_packages_leave_the_curated_list(monkeypatch):
    caches = [framing.vader_lexicon, framing.pattern_lexicon, framing.vader_boosters, framing.lexicon]
    from newsdigest.analysis.framing import lexicons

    monkeypatch.setattr(lexicons, "_package_dir", lambda module: None)
    monkeypatch.setattr(lexicons, "vader_boosters", lambda: frozenset())
    for c in caches:
        getattr(c, "cache_clear", lambda: None)()
    try:
        assert framing.vader_lexicon() == {} and framing.pattern_lexicon() == {}
        assert framing.loaded_terms("The regime's outrageous chaos.") == ["regime"]
    finally:
        monkeypatch.undo()
        for c in caches:
            c.cache_clear()
    assert "chaos" in framing.loaded_terms("The regime's outrageous chaos.")


# --- per-outlet framing -----------------------------------------------------------------------


@pytest.mark.usefixtures("rules_mode")
def test_frame_scores_outlets_by_loaded_narration_sentences_most_loaded_first():
    story = story_of(
        Article(id="n", source="Neutral", text="The council approved the budget on Tuesday by six votes to three."),
        Article(id="l", source="Loaded", text="The radical council rammed through a bloated budget on Tuesday, six votes to three."),
        Article(id="q", source="Quoting", text='The council approved the budget; a critic called it "a bloated scheme" on Tuesday.'),
    )
    result = framing.frame(story)
    assert [f.source for f in result][0] == "Loaded"
    loaded = result[0]
    assert [t.term for t in loaded.loaded_terms] == ["radical", "rammed through", "bloated"]
    # rules mode: a narration sentence with a loaded term in its own wording counts 1
    assert loaded.score == 1.0
    assert {f.source: f.score for f in result}["Quoting"] == 0.0
    assert {f.source: f.confidence for f in result}["Loaded"] == "unsure"  # one sentence is too little evidence
    for f in result:
        for t in f.loaded_terms:
            article = story.article(t.article_id)
            assert article.source == f.source and article.sentences[t.sentence_index].text == t.sentence
            assert t.term in t.sentence and t.lexicon


LOADED_NARRATION = [
    "The radical mayor rammed through a bloated, disastrous budget in a shameful midnight power grab.",
    "Outraged residents slammed the reckless scheme as a corrupt giveaway to his cronies.",
    "The mayor's thuggish allies bullied critics into silence with vicious smears.",
    "His pathetic excuses fooled nobody as the chaos deepened across the embattled city.",
    "The scandal-plagued administration lurched from one humiliating fiasco to the next.",
]
PLAIN_NARRATION = [
    "The council approved the budget on Tuesday by six votes to three.",
    "The budget sets spending at 4.2 million dollars for the coming year.",
    "Council members discussed the plan for two hours before the vote.",
    "The mayor said the budget would take effect in July.",
    "The city clerk published the final figures on the council website.",
]


def test_outlet_with_loaded_narration_ranks_above_a_neutral_one_and_is_sure():
    story = story_of(
        Article(id="l", source="Loaded", text=" ".join(LOADED_NARRATION)),
        Article(id="n", source="Neutral", text=" ".join(PLAIN_NARRATION)),
    )
    result = framing.frame(story)
    assert [f.source for f in result] == ["Loaded", "Neutral"]
    assert result[0].score > result[1].score + 1.0
    assert result[0].confidence == "sure" and framing.compare.most_loaded(result) == "Loaded"
    assert framing.frame(story)[0].score == result[0].score  # seeded: the same answer each time
    # each outlet says how many sentences of its own wording its score sums over
    assert [f.sentences for f in result] == [len(LOADED_NARRATION), len(PLAIN_NARRATION)]
    assert result[0].to_dict()["sentences"] == len(LOADED_NARRATION)


def test_quoted_loaded_words_do_not_count_against_the_outlet():
    quoted = [f'A critic said: "{s}"' for s in LOADED_NARRATION]
    story = story_of(
        Article(id="q", source="Quoting", text=" ".join(quoted + PLAIN_NARRATION)),
        Article(id="n", source="Neutral", text=" ".join(PLAIN_NARRATION)),
    )
    # the quotations are mostly quoted words: not narration, so not scored
    assert len(framing.compare.narration_scores(story.article("q"))) == len(PLAIN_NARRATION)
    scores = {f.source: f.score for f in framing.frame(story)}
    assert scores["Quoting"] == pytest.approx(scores["Neutral"], abs=0.2)
    # a loaded quotation inside a narration sentence is blanked before the sentence is scored
    model = framing.compare.learned.load_model()
    mixed = 'The council approved the budget on Tuesday by six votes to three after a critic called it "a disastrous, shameful scheme".'
    blanked = framing.compare._blank(mixed, [])
    assert "disastrous" not in blanked
    assert framing.compare.learned.sentence_score(model, blanked) < framing.compare.learned.sentence_score(model, mixed)


def test_close_outlets_are_unsure_with_the_reason():
    story = story_of(
        Article(id="a", source="A", text=" ".join(PLAIN_NARRATION)),
        Article(id="b", source="B", text=" ".join(PLAIN_NARRATION[1:] + PLAIN_NARRATION[:1])),
    )
    result = framing.frame(story)
    assert all(f.confidence == "unsure" for f in result)
    assert "resamples" in result[0].note and framing.compare.most_loaded(result) is None


def test_copies_are_not_counted_twice_and_copy_only_outlets_are_scored_on_them():
    wire = "The radical mayor rammed through a bloated budget on Tuesday after a long debate in the council chamber."
    story = story_of(
        Article(id="w", source="Wire", text=wire, date="2026-01-01"),
        Article(id="w2", source="Wire", text=wire + " It passed.", date="2026-01-02"),
        Article(id="c", source="Courier", text=wire, date="2026-01-03"),
    )
    assert story.article("w2").duplicate_of == "w" and story.article("c").duplicate_of == "w"
    result = {f.source: f for f in framing.frame(story)}
    assert len(result["Wire"].loaded_terms) == 3  # its original only, not the copy too
    assert len(result["Courier"].loaded_terms) == 3 and result["Courier"].score == result["Wire"].score


def test_degraded_inputs_give_empty_or_zero_results(encoder):
    assert framing.frame(Story(id="empty", articles=[])) == []
    single = story_of(Article(id="a", source="Only", text="A plain report of the meeting was filed on Monday."))
    [only] = framing.frame(single)
    assert (only.source, only.loaded_terms, only.confidence) == ("Only", [], "unsure")
    assert 0.0 <= only.score < 0.5  # one plain sentence: P(biased) low
    no_sentences = Story(id="x", articles=[Article(id="a", source="A", text="")])
    assert framing.frame(no_sentences)[0].score == 0.0
    empty_table = build_table(Story(id="e", articles=[]), encoder)
    assert framing.neutral_summary(Story(id="e", articles=[]), empty_table, 60) == []
    assert framing.wording_comparison(Story(id="e", articles=[]), empty_table) == []
    table = build_table(single, encoder)
    assert framing.neutral_summary(single, table, 0) == []
    assert [s.sources for s in framing.neutral_summary(single, table, 60)] == [["Only"]]


# --- comparison and neutral summary -----------------------------------------------------------


SOKOLOVA = [
    Article(id="a", source="Sentinel", text=(
        "The brutal regime jailed opposition leader Mira Sokolova for five years on Monday after a sham trial "
        "in Belmarsk.\n\nHer lawyers said they would appeal the verdict.")),
    Article(id="b", source="Wire", text=(
        "A court in Belmarsk sentenced opposition leader Mira Sokolova to five years in prison on Monday.\n\n"
        "Her lawyers said they would appeal.")),
    Article(id="c", source="Beacon", text=(
        "Courageous opposition leader Mira Sokolova was jailed for five years on Monday after a trial in "
        "Belmarsk.\n\nThe verdict drew protests.")),
]


@pytest.mark.usefixtures("rules_mode")
def test_neutral_summary_swaps_a_loaded_wording_for_a_neutral_one(encoder):
    story = story_of(*[Article(id=a.id, source=a.source, text=a.text) for a in SOKOLOVA], words=25, encoder=encoder)
    assert framing.loaded_terms(story.summary[0].text)  # the plain summary picked a loaded wording
    table = build_table(story, encoder)
    neutral = framing.neutral_summary(story, table, 25)
    assert [s.text for s in neutral] == [SOKOLOVA[1].text.split("\n\n")[0]]
    assert framing.loaded_terms(neutral[0].text) == []
    # Same guarantees as the main summary: verbatim and cited by every outlet stating the fact.
    assert all(verify(story, s) for s in neutral)
    assert set(neutral[0].sources) == {"Wire", "Sentinel", "Beacon"}


# Two wordings of one fact that the guarded flags cannot tell apart (neither has a flagged word);
# the sentence model reads the first as loaded ("in a blow to working families").
LOUD_PIER = "The city council voted on Tuesday to close the old ferry pier in June, in a blow to working families."
CALM_PIER = "The city council voted on Tuesday to close the old ferry pier in June."


def pier_story(encoder, words):
    return story_of(
        Article(id="a", source="Harbour Post", date="2026-03-11",
                text=LOUD_PIER + "\n\nRepairs would have cost four million dollars, the council said."),
        Article(id="b", source="Wire", date="2026-03-10", text=CALM_PIER + "\n\nThe ferry will move to the north quay."),
        words=words, encoder=encoder)


def test_neutral_summary_does_not_pick_the_wording_the_sentence_model_reads_as_loaded(encoder):
    from newsdigest.analysis.framing import learned
    from newsdigest.summary.summarizers import LeadSummarizer

    model = learned.load_model()
    assert framing.loaded_count(LOUD_PIER, quotes=True) == framing.loaded_count(CALM_PIER, quotes=True) == 0
    assert learned.sentence_score(model, LOUD_PIER) > learned.sentence_score(model, CALM_PIER) + 0.1
    story = pier_story(encoder, 25)
    table = build_table(story, encoder)
    lead = LeadSummarizer()  # takes the newest article's opening: the loaded wording
    assert [table.sentences[i].text for i in lead.select(story, table, 25)] == [LOUD_PIER]
    neutral = framing.neutral_summary(story, table, 25, lead)
    assert [s.text for s in neutral] == [CALM_PIER]
    assert set(neutral[0].sources) == {"Wire", "Harbour Post"} and all(verify(story, s) for s in neutral)
    # With the guarded flags alone (the weights of the learned signals at 0) nothing tells them apart.
    assert [s.text for s in framing.neutral_summary(story, table, 25, lead, sentence_weight=0, tagger_weight=0)] == [LOUD_PIER]


def test_neutral_selection_costs_more_for_the_sentence_the_model_reads_as_loaded(encoder, monkeypatch):
    from newsdigest.analysis.framing import learned, neutral
    from newsdigest.summary.summarizers import CoverageSummarizer

    seen = {}
    select = CoverageSummarizer.select

    def spy(self, story, table, words, cost=None, balance=0.0):
        if cost is not None:  # the neutral summary's call (the plain summary passes none)
            seen.update({s.text: c for s, c in zip(table.sentences, cost)})
        return select(self, story, table, words, cost=cost, balance=balance)

    monkeypatch.setattr(CoverageSummarizer, "select", spy)
    story = pier_story(encoder, 25)
    framing.neutral_summary(story, build_table(story, encoder), 25)
    assert seen[LOUD_PIER] > seen[CALM_PIER] + 1.0
    # The measure: guarded flags + SENTENCE_WEIGHT * P(biased) + TAGGER_WEIGHT * bare-tagger flags.
    model = learned.load_model()
    p, z = learned.sentence_scores(model, LOUD_PIER)
    assert p == learned.sentence_score(model, LOUD_PIER)
    bare = int((z > model["tagger"]["thr_logit"]).sum())
    assert neutral.loadedness([LOUD_PIER]) == [pytest.approx(neutral.SENTENCE_WEIGHT * p + neutral.TAGGER_WEIGHT * bare)]
    assert neutral.loadedness([LOUD_PIER], sentence_weight=0, tagger_weight=0) == [0.0]


@pytest.mark.usefixtures("rules_mode")
def test_neutral_loadedness_in_rules_mode_uses_the_rules_alone():
    from newsdigest.analysis.framing import neutral

    assert neutral.loadedness([LOUD_PIER, "The brutal regime jailed her after a sham trial."]) == [0.0, 3.0]


@pytest.mark.usefixtures("rules_mode")
def test_wording_comparison_shows_each_outlets_wording_of_the_same_fact(encoder):
    story = story_of(*[Article(id=a.id, source=a.source, text=a.text) for a in SOKOLOVA])
    facts = framing.wording_comparison(story, build_table(story, encoder))
    assert facts, "the jailing is stated by three outlets with different loaded terms"
    wordings = facts[0]["wordings"]
    assert {w["source"] for w in wordings} == {"Sentinel", "Wire", "Beacon"}
    assert wordings[0]["source"] == "Sentinel" and wordings[0]["loaded_terms"] == ["brutal", "regime", "sham"]
    assert wordings[-1]["source"] == "Wire" and wordings[-1]["loaded_terms"] == []
    sentences = [w["sentence"] for f in facts for w in f["wordings"]]
    assert len(sentences) == len(set(sentences))  # each sentence shown under one fact only


def test_neutral_summary_on_gold_stays_in_budget_and_verbatim(gold_digest, encoder):
    for story in gold_digest.stories:
        table = build_table(story, encoder)
        neutral = framing.neutral_summary(story, table, 60)
        assert neutral and sum(len(s.text.split()) for s in neutral) <= 60
        assert all(verify(story, s) for s in neutral)
        assert sum(framing.loaded_count(s.text) for s in neutral) <= sum(framing.loaded_count(s.text) for s in story.summary)


# --- gold scorer ------------------------------------------------------------------------------


def test_score_framing_on_the_gold_set(gold_digest, gold):
    # The digest is built with the default (learned) tagger. The gold set is the team's own
    # fictional one (the rules were tuned on it and reached P >= 0.8); the tagger, learned from
    # BABE, is held to what it reaches there: with the tiered precision guard P 0.89 (17 of 19),
    # R 0.36, outlet ranking 11 of 12 pairs, 3 of 4 stories exact (with its context tier on: P 0.86,
    # R 0.38; the former guard: P 0.92, 11 of 12, R 0.23, 7 of 12 pairs, 1 of 4); without a guard
    # P 0.73, R 0.40, 10 of 12 pairs, 2 of 4; see benchmarks/results/analysis.md.
    totals: dict[str, int] = {}
    for story in gold_digest.stories:
        counts = framing_scoring.score_framing(story, gold[story.id])
        assert counts["tp"] + counts["fn"] == len({(g["source"], g["term"].lower()) for g in gold[story.id]["loaded_terms"]})
        assert all(isinstance(v, int) for v in counts.values())
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
    assert totals["tp"] / (totals["tp"] + totals["fp"]) >= 0.85
    assert totals["tp"] / (totals["tp"] + totals["fn"]) >= 0.2
    assert totals["neutral_clean"] == len(gold_digest.stories)
    assert totals["ranking_pairs_correct"] >= 7
    assert totals["ranking_exact"] >= 1


@pytest.mark.usefixtures("rules_mode")
def test_score_framing_accepts_flat_item_lists_and_counts_misses():
    story = story_of(
        Article(id="a", source="A", text="The regime jailed the reporter on Monday in the capital city."),
        Article(id="b", source="B", text="The government jailed the reporter on Monday in the capital city."),
    )
    story.neutral_summary = []  # computed by the scorer when absent; here given as none usable
    items = [{"source": "A", "term": "regime"}, {"source": "B", "term": "jailed"}, {"ranking": ["A", "B"]}]
    counts = framing_scoring.score_framing(story, items)
    assert (counts["tp"], counts["fp"], counts["fn"]) == (1, 0, 1)
    assert counts["ranking_pairs"] == 1 and counts["ranking_pairs_correct"] == 1
    assert framing_scoring.score_framing(story, {"loaded_terms": [], "ranking": ["B", "A"]})["ranking_exact"] == 0


# --- NeuS -------------------------------------------------------------------------------------


def test_evaluate_neus_on_a_few_clusters(shared_data):
    result = framing_scoring.evaluate_neus(shared_data / "neus_val.jsonl", words=70, limit=8)
    assert result["clusters"] == 8
    for name in ("neutral", "plain"):
        assert set(result["rouge"][name]) == {f"{t}_{m}" for t in ("rouge1", "rouge2", "rougeL") for m in "rf"}
        assert 0 < result["rouge"][name]["rouge1_r"] <= 100
    rates = result["loaded_per_100_words"]
    assert rates["neutral_summary"] <= rates["outlet"]
    assert rates["least_loaded_outlet"] <= rates["outlet"] <= rates["most_loaded_outlet"]


def test_neutral_summary_in_benchmark_mode_keeps_the_crossing_sentence_last(example_dir, encoder):
    """The scorer cuts at N words: the sentence that crosses N must be the last one."""
    from newsdigest.text.lexical import word_count
    from newsdigest.summary.summarizers import CoverageSummarizer

    story = summarize([example_dir], analysis=False).stories[0]
    table = build_table(story, encoder)
    crossed = 0
    for words in (25, 40, 60, 80, 100):
        out = framing.neutral_summary(story, table, words, CoverageSummarizer(overflow=True))
        lengths = [word_count(s.text) for s in out]
        if sum(lengths) > words:
            crossed += 1
            assert sum(lengths[:-1]) < words, (words, lengths)
    assert crossed >= 2


def test_inside_any_matches_the_plain_test_on_nested_and_overlapping_spans():
    import random
    from newsdigest.analysis.framing.loaded import inside_any
    rng = random.Random(3)
    for _ in range(200):
        spans = [(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 100) for _ in range(rng.randint(0, 8)))]
        inside = inside_any(spans)
        for _ in range(30):
            a = rng.randint(0, 120)
            b = a + rng.randint(1, 10)
            assert inside(a, b) == any(x <= a and b <= y for x, y in spans)
