from pathlib import Path

import pytest

from newsdigest.summary.align import build_table
from newsdigest.analysis.corroborate import corroborate, is_substantive, quote_only
from newsdigest.eval.scorers.corroborate import evaluate_gold, score_corroborated, score_unique_claims
from newsdigest.model import Fact, Story, Support
from newsdigest.pipeline import summarize

from conftest import gold_stories, story_and_table

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "contradictions.jsonl"


@pytest.fixture(scope="module")
def gold_run(encoder):
    out = gold_stories(GOLD, encoder)
    for story, table, _ in out.values():
        story.corroborated, story.unique_claims = corroborate(story, table)
    return out


@pytest.mark.parametrize(
    "text, substantive",
    [
        ("Two firefighters were treated for smoke inhalation.", True),
        ("What went wrong in the fog?", False),  # a question
        ("Fire crews arrived.", False),  # a fragment
        ('"I heard a horn, then a crash," Anand said.', False),  # quote only
        ("\u201cWe saw no dangerous readings,\u201d said Dr. Priya Nair, the city\u2019s health officer.", False),
        ('The mayor called the fire "a tragedy" and ordered an inquiry into its cause.', True),
        ("Reporting by Tom Erkel; Editing by Jan Sobel", False),
        ("Listen to the full report on Meridian 98.4 FM.", False),
        ("Photo: Crews spray water on the warehouse at dawn.", False),
        ("Crews spray water on the warehouse at dawn (AP Photo/Jane Doe)", False),
    ],
)
def test_substantive(text, substantive):
    assert is_substantive(text) is substantive


def test_quote_only_needs_quotes():
    assert not quote_only("Delgado said the cause is under investigation.")
    assert quote_only('"Both vessels were sounding their horns."')


def test_gold_corroborated_precision(gold_run):
    totals = {"tp": 0, "fp": 0, "fn": 0, "count_correct": 0}
    for story, _, gold in gold_run.values():
        for k, v in score_corroborated(story, gold["corroborated"]).items():
            totals[k] += v
    assert totals["fp"] == 0
    assert totals["tp"] / (totals["tp"] + totals["fn"]) >= 0.6
    assert totals["count_correct"] >= totals["tp"] - 2


def test_gold_unique_claims(gold_run):
    totals = {"tp": 0, "fp": 0, "fn": 0}
    for story, _, gold in gold_run.values():
        for k, v in score_unique_claims(story, gold["unique_claims"]).items():
            totals[k] += v
    assert totals["tp"] / (totals["tp"] + totals["fp"]) >= 0.75
    assert totals["tp"] / (totals["tp"] + totals["fn"]) >= 0.75


def test_wire_copy_counts_once(gold_run):
    story, _, _ = gold_run["ferry_collision"]
    fact = next(f for f in story.corroborated if "212 passengers" in f.text)
    # Northshore's wire story and Merrow Bay Times: the Lakeside Ledger reprint is support only.
    assert fact.count == 2
    assert "Lakeside Ledger" in fact.sources
    assert {"Northshore Press Service", "Merrow Bay Times"} <= set(fact.sources)


def test_facts_are_ordered_and_grounded(gold_run):
    for story, _, _ in gold_run.values():
        counts = [f.count for f in story.corroborated]
        assert counts == sorted(counts, reverse=True)
        for f in story.corroborated + story.unique_claims:
            assert f.support[0].text == f.text
            for sup in f.support:
                assert story.article(sup.article_id).sentences[sup.sentence_index].text == sup.text
        for f in story.unique_claims:
            assert f.count == 1 and is_substantive(f.text)
            assert f.to_unique_dict()["source"] == f.support[0].source


def test_disputed_facts_are_not_corroborated_or_unique(gold_run):
    story, _, _ = gold_run["ferry_collision"]
    listed = [f.text for f in story.corroborated + story.unique_claims]
    # The captain's name is in dispute: neither version is a confirmed or a unique fact.
    assert not any("Captain" in t for t in listed)
    storm, _, _ = gold_run["storm_ilse"]
    # The attribution differs (two sheriffs), the fact (40 rescued) does not: it is not unique.
    assert not any("rescued 40" in f.text for f in storm.unique_claims)


def test_single_outlet_story_is_empty(gold_run):
    story, table, _ = gold_run["elmstead_library"]
    assert corroborate(story, table) == ([], [])


def test_harbor_example(example_dir, encoder):
    story = summarize(example_dir, analysis=False).stories[0]
    corroborated, unique = corroborate(story, build_table(story, encoder))
    cause = next(f for f in corroborated if "under investigation" in f.text)
    # Bayside Herald, Coastal Press Agency, Harbor Gazette; the Valley Courier copy counts once.
    assert cause.count == 3 and "Valley Courier" in cause.sources
    assert all(f.support[0].source != "Valley Courier" for f in corroborated + unique)
    assert not any(quote_only(f.text) for f in unique)


def test_bad_input(encoder):
    text = "A fire destroyed a warehouse on Pier 4 late Tuesday, and two firefighters were hurt, officials said."
    story, table = story_and_table([{"source": "Wire", "text": text}, {"source": "Reprint", "text": text}], encoder)
    assert corroborate(story, table) == ([], [])  # copies of one report: nothing to compare
    empty = Story(id="empty", articles=[])
    assert corroborate(empty, build_table(empty, encoder)) == ([], [])
    story, table = story_and_table(
        [
            {"source": "A", "text": 'Two firefighters were hurt in the warehouse fire. "It spread fast, a witness said.'},
            {"source": "B", "text": "Two firefighters were hurt in the warehouse fire on Pier 4.\n\nThe \u201cwarehouse was empty."},
        ],
        encoder,
    )
    corroborated, unique = corroborate(story, table)  # no dates, unbalanced quotes
    assert [f.count for f in corroborated] == [2]


def test_scorers():
    sup = [Support("a", "A", "Two firefighters were hurt.", 0, 1.0), Support("b", "B", "Two firefighters were injured.", 0, 0.8)]
    story = Story(id="s", articles=[], corroborated=[Fact("Two firefighters were hurt.", sup, 2)],
                  unique_claims=[Fact("The warehouse was empty.", sup[:1], 1)])
    assert score_corroborated(story, [{"text": "Two firefighters were injured.", "count": 2}]) == {
        "tp": 1, "fp": 0, "fn": 0, "count_correct": 1}
    assert score_unique_claims(story, [{"text": "The warehouse was empty.", "source": "B"}]) == {"tp": 0, "fp": 1, "fn": 1}
    assert score_unique_claims(story, [{"text": "The warehouse was empty.", "source": "A"}]) == {"tp": 1, "fp": 0, "fn": 0}


def test_evaluate_gold_sums_all_fields():
    totals = evaluate_gold(str(GOLD))
    assert set(totals) == {"corroborated", "unique_claims", "contradictions"}
    assert totals["contradictions"]["fp"] == 0


def test_top_is_the_head_of_a_stable_argsort():
    import numpy as np

    from newsdigest.analysis.corroborate import _top

    rng = np.random.default_rng(0)
    for n in (0, 1, 3, 12, 13, 50, 400):
        for _ in range(20):
            values = -rng.integers(0, 5, size=n).astype(np.float32) / 4  # many ties
            assert _top(values, 3).tolist() == np.argsort(values, kind="stable")[:3].tolist()


def test_told_elsewhere_is_the_same_with_given_cosines(gold_run):
    from newsdigest.analysis.contradict.judge import Analyzer
    from newsdigest.analysis.corroborate import _Elsewhere

    for story, table, _ in gold_run.values():
        if len(story.independent_outlets) < 2:
            continue
        context = _Elsewhere(story, table, Analyzer(story, table))
        for i in range(len(table)):
            cosines = table.vectors @ table.vectors[i]
            assert context.told_elsewhere(i, cosines) == context.told_elsewhere(i)


def test_the_corroborated_wording_shown_names_its_subject(encoder):
    """Of two outlets' wordings of one fact, the one a reader understands on its own is shown,
    though the other is shorter."""
    story, table = story_and_table(
        [
            {"source": "Valley Courier", "date": "2031-04-02", "title": "Bridge to reopen",
             "text": "Mayor Ada Brook visited the harbor works on Monday with council members.\n\n"
                     "He said the Kelby bridge would reopen on Friday after the repairs."},
            {"source": "Harbor Gazette", "date": "2031-04-02", "title": "Kelby bridge reopens Friday",
             "text": "The mayor's office held a briefing on Monday about the harbor works.\n\n"
                     "Mayor Ada Brook said the Kelby bridge would reopen on Friday after the repairs."},
        ],
        encoder,
    )
    corroborated, _ = corroborate(story, table)
    shown = [f.text for f in corroborated if "Kelby bridge" in f.text]
    assert shown == ["Mayor Ada Brook said the Kelby bridge would reopen on Friday after the repairs."]


def test_sentences_inside_a_long_quotation_are_no_outlets_fact(encoder):
    """A speaker's words that run over more sentences than the segmenter keeps together are split
    out of their quote marks: they are the speaker's, not facts the outlet states."""
    story, table = story_and_table(
        [
            {"source": "Valley Courier", "title": "Mayor speaks at harbor rally",
             "text": "Mayor Ada Brook spoke at the harbor rally on Monday.\n\nAll we have heard, the mayor "
                     'complained, is "wait for next year. Wait for the budget. Wait for the state. Can we get a '
                     'grant? Who pays? The harbor is not a parking lot for old ships. The harbor is an engine '
                     'for jobs."'},
            {"source": "Harbor Gazette", "title": "Brook rallies dock workers",
             "text": "Mayor Ada Brook addressed dock workers at a harbor rally on Monday.\n\n"
                     '"The harbor is not a parking lot for old ships," she said to loud cheers.'},
        ],
        encoder,
    )
    corroborated, unique = corroborate(story, table)
    texts = [f.text for f in corroborated + unique]
    assert "Mayor Ada Brook spoke at the harbor rally on Monday." in texts
    assert not [t for t in texts if "parking lot" in t or t.startswith("Wait for")]


def test_unique_facts_that_stand_alone_come_first(encoder):
    story, table = story_and_table(
        [
            {"source": "A", "text": "A fire destroyed a warehouse on Pier 4 late Tuesday, the fire service said. "
                                    "It did not give further details about the cause of the blaze. "
                                    "The harbor authority closed the north terminal to ferries until Friday."},
            {"source": "B", "text": "A fire destroyed a warehouse on Pier 4 late Tuesday night, the fire service said. "
                                    "Insurers estimated the damage to neighbouring boats at two million dollars."},
        ],
        encoder,
    )
    _, unique = corroborate(story, table)
    texts = [f.text for f in unique]
    dangling = next(i for i, t in enumerate(texts) if t.startswith("It did not"))
    # Kept (only one outlet reports it), but after every fact that reads on its own.
    assert dangling == len(texts) - 1 and len(texts) >= 3, texts
