from pathlib import Path

import pytest

from newsdigest.summary.align import build_table
from newsdigest.analysis.contradict.values import _dates, _dates_conflict, _numbers, _numbers_conflict, _tallies, _tallies_conflict, _times, _times_conflict
from newsdigest.analysis.contradict.pairs import candidate_pairs, find_contradictions
from newsdigest.eval.scorers.contradict import score_contradictions
from newsdigest.model import Claim, Contradiction, Story
from newsdigest.pipeline import summarize

from conftest import gold_stories, story_and_table

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "contradictions.jsonl"


@pytest.fixture(scope="module")
def gold_run(encoder):
    """Each gold story with its found contradictions and its gold annotations."""
    out = gold_stories(GOLD, encoder)
    for story, table, _ in out.values():
        story.contradictions = find_contradictions(story, table)
    return out


def _one(text: str):
    found = _numbers(text, [])
    assert len(found) == 1, found
    return found[0]


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, conflict",
    [
        ("Two people were killed.", "Three people were killed.", True),
        ("12 people were killed.", "At least 15 people were killed.", True),  # exact vs a higher bound
        ("15 people were killed.", "At least 12 people were killed.", False),  # bound consistent
        ("About 300 homes were damaged.", "312 homes were damaged.", False),  # rounded vs exact
        ("300 homes were damaged.", "312 homes were damaged.", False),  # a round figure is a rounding
        ("Nearly 2 million customers", "1.9 million customers", False),
        ("Revenue rose 3%.", "Revenue rose 3.2%.", False),  # the coarser figure is a rounding
        ("Revenue rose 3%.", "Revenue rose 5%.", True),
        ("It will cut 1,200 jobs.", "It will cut 2,100 jobs.", True),
        ("It will cut about 1,200 jobs.", "It will cut 2,100 jobs.", True),
        ("Revenue was $4.1 billion.", "Revenue was $4 billion.", False),
        ("winds of 110 mph", "winds of 130 mph", True),
        ("More than a dozen passengers were hurt.", "14 passengers were hurt.", False),
    ],
)
def test_number_intervals(a, b, conflict):
    assert _numbers_conflict(_one(a), _one(b)) is conflict


def test_number_reading_skips_identifiers_years_and_fractions():
    assert _numbers("The fire started on Pier 4 in 2019.", []) == []
    assert _numbers("The MD-11 crashed.", []) == []
    assert all(m.point != 2 for m in _numbers("He spent 3 1/2 years in prison.", []))
    m = _one("Economists had expected 845,000 new jobs.")
    assert m.modal and m.key == "job"
    assert _one("The death toll rose to 15 people.").update
    assert _one("Two firefighters were treated for smoke inhalation.").predicates == {"injury"}


def test_times_in_two_notations_agree_and_hedges_widen():
    pm, h24 = _times("at 11:40 p.m.")[0], _times("at 23:40")[0]
    assert not _times_conflict(pm, h24)
    assert _times_conflict(_times("at 7:15 a.m.")[0], _times("shortly after 8 a.m.")[0])
    assert not _times_conflict(_times("at about 5:50 a.m.")[0], _times("around 6 a.m.")[0])
    assert _times("before 6 a.m.") == []  # a bound says nothing exact


def test_dates():
    june, sept = _dates("to close on June 30")[0], _dates("to close on September 30")[0]
    assert _dates_conflict(june, sept, None, None)
    late_tue, early_wed = _dates("late Tuesday")[0], _dates("early Wednesday")[0]
    assert not _dates_conflict(late_tue, early_wed, None, None)  # one night, told two ways
    assert _dates_conflict(_dates("on Monday")[0], _dates("on Thursday")[0], None, None)
    assert _dates("police said Wednesday") == []  # the date of a statement, not of the fact
    assert _dates("by June 30") == []


@pytest.mark.parametrize(
    "text, votes",
    [
        ("The House voted 222-190 to approve the levee bill.", (222, 190)),
        ("The measure passed 220-to-190 on Thursday.", (220, 190)),
        ("The council approved the plan by a vote of 222 to 190.", (222, 190)),
        ("The Senate backed the treaty 61–38.", (61, 38)),  # en dash
        ("Lawmakers passed it by 222 votes to 190.", (222, 190)),
        ("The union lost the ballot by a 1,798-738 margin.", (1798, 738)),
        ("The appeals panel ruled 2-1 for the mill owners.", (2, 1)),
    ],
)
def test_vote_tallies_are_read_as_one_value(text, votes):
    found = _tallies(text)
    assert [m.votes for m in found] == [votes]
    assert found[0].value == f"{votes[0]:,}-{votes[1]}" if votes[0] >= 1000 else f"{votes[0]}-{votes[1]}"
    assert _numbers(text, [(m.start, m.end) for m in found]) == []


@pytest.mark.parametrize(
    "text",
    [
        "Riverton won 3-1 against the Harbor Hawks.",  # a score
        "The Senate team won 3-1 on Saturday.",  # a score, a vote word without a vote
        "The hearings ran May 7-10 at the House.",  # a date range
        "The Senate passed the budget for 2021-22.",  # years
        "The House report is on pages 12-15.",
        "The House voted on the 9-11 memorial.",  # no vote tally: a name
        "The vote was held from 9-11 a.m. on Tuesday.",
        "The Senate is split 50-50 between the parties.",  # the chamber's make-up
        "The vote cemented a 6-3 conservative majority on the court.",
        "The Senate vote came in the 50-50 Senate.",
        "Voters approved the levy by a 2-to-1 margin.",  # a ratio
        "Voters backed it by nearly 3-to-1.",
        "The vote won 52 to 48 percent support.",
        "The poll of voters aged 18 to 29 was taken before the vote.",
        "The White House expects 100,000 to 240,000 cases.",
    ],
)
def test_number_pairs_that_are_not_tallies(text):
    assert _tallies(text) == []


def test_tallies_agree_in_any_spelling_and_disagree_on_any_count():
    house = _tallies("The House voted 222-190 to approve the bill.")[0]
    assert not _tallies_conflict(house, _tallies("It passed 222 to 190.")[0])
    assert not _tallies_conflict(house, _tallies("It passed 190-222, the clerk's vote record says.")[0])
    assert _tallies_conflict(house, _tallies("The measure passed 220-to-190.")[0])
    assert _tallies_conflict(house, _tallies("The measure passed 222-191.")[0])
    # The body named nearest the tally, and the kinds of vote a sentence names.
    assert house.body == "house"
    assert _tallies("The Senate voted 54-35 on the House-passed bill.")[0].body == "senate"
    assert _tallies("The House voted 230-197 on the amendment.")[0].procedure == {"amendment"}
    # Two pairs of counts: which one is meant is a guess.
    both = _tallies("Senators voted 52 to 48 to acquit on the first charge and 53 to 47 on the second.")
    assert [m.others for m in both] == [1]


# --- the gold set ----------------------------------------------------------------------------


def test_gold_precision_and_recall(gold_run):
    tp = fp = fn = 0
    for story, _, gold in gold_run.values():
        c = score_contradictions(story, gold["contradictions"])
        tp, fp, fn = tp + c["tp"], fp + c["fp"], fn + c["fn"]
    assert fp == 0  # precision first: no false alarm on the planted near-misses
    assert tp / (tp + fn) >= 0.8


def test_near_misses_are_not_flagged(gold_run):
    claimed = " | ".join(
        cl.value for story, _, _ in gold_run.values() for c in story.contradictions for cl in c.claims
    )
    for near_miss in ["about 200", "3.2%", "1.9 million", "$4.0 billion", "23:40", "312", "Nearly 80", "four"]:
        assert near_miss not in claimed


def test_each_planted_kind_is_found(gold_run):
    kinds = {c.kind for story, _, _ in gold_run.values() for c in story.contradictions}
    assert {"number", "date", "name", "place", "outcome"} <= kinds


def test_wire_copy_is_not_a_separate_claim(gold_run):
    story, _, _ = gold_run["ferry_collision"]
    sources = {cl.source for c in story.contradictions for cl in c.claims}
    assert "Lakeside Ledger" not in sources
    injured = next(c for c in story.contradictions if c.kind == "number")
    assert {cl.source for cl in injured.claims} == {"Northshore Press Service", "Granite Post"}
    assert "14" in injured.text and "20" in injured.text


def test_claims_come_from_distinct_publishers(gold_run):
    for story, _, _ in gold_run.values():
        for c in story.contradictions:
            assert len({cl.source for cl in c.claims}) == len(c.claims) >= 2
            for cl in c.claims:
                assert story.article(cl.article_id).sentences[cl.sentence_index].text == cl.text


def test_single_outlet_story_has_no_contradictions(gold_run):
    story, table, _ = gold_run["elmstead_library"]
    assert story.contradictions == [] and find_contradictions(story, table) == []


def test_update_in_a_later_report_is_not_a_contradiction(gold_run):
    story, _, _ = gold_run["storm_ilse"]
    texts = " ".join(cl.text for c in story.contradictions for cl in c.claims)
    assert "death toll rose to four" not in texts


# --- bad input ---------------------------------------------------------------------------------


def test_copies_only_and_empty_stories(encoder):
    text = "A fire destroyed a warehouse on Pier 4 late Tuesday, and two firefighters were hurt, officials said."
    story, table = story_and_table([{"source": "Wire", "text": text}, {"source": "Reprint", "text": text}], encoder)
    assert story.articles[1].duplicate_of is not None
    assert find_contradictions(story, table) == []
    empty = Story(id="empty", articles=[])
    assert find_contradictions(empty, build_table(empty, encoder)) == []
    assert candidate_pairs(empty, build_table(empty, encoder)) == []


def test_no_dates_and_unbalanced_quotes(encoder):
    story, table = story_and_table(
        [
            {"source": "A", "text": 'Two people were killed in the crash on Route 9. "It was awful, a witness said.'},
            {"source": "B", "text": "Three people were killed in the crash on Route 9.\n\nThe road was closed \u201cuntil further notice."},
        ],
        encoder,
    )
    found = find_contradictions(story, table)
    assert [c.kind for c in found] == ["number"]
    assert "(reported on different days" not in found[0].text  # no dates: no claim about days


def test_scorer_counts():
    c = Contradiction(text="x", kind="number", claims=[
        Claim("A", "a", 0, "Two people died.", "Two people"), Claim("B", "b", 0, "Three people died.", "Three people")])
    story = Story(id="s", articles=[], contradictions=[c])
    assert score_contradictions(story, [{"kind": "number", "values": ["2", "3"], "sources": ["A", "B"]}]) == {"tp": 1, "fp": 0, "fn": 0}
    assert score_contradictions(story, [{"kind": "date", "values": ["2", "3"], "sources": ["A", "B"]}]) == {"tp": 0, "fp": 1, "fn": 1}


def test_real_clusters_run_fast_and_cite_independent_publishers(shared_data, encoder, tmp_path):
    import time

    lines = (shared_data / "duc2003.jsonl").read_text().splitlines()[:3]
    path = tmp_path / "duc3.jsonl"
    path.write_text("\n".join(lines))
    for story in summarize(path, analysis=False).stories:
        table = build_table(story, encoder)
        start = time.perf_counter()
        found = find_contradictions(story, table)
        assert time.perf_counter() - start < 5
        for c in found:
            assert all(story.article(cl.article_id).duplicate_of is None for cl in c.claims)


# --- rules written against real clusters (made-up sentences) ---------------------------------

_MARKET = ("A red van exploded outside a busy bazaar in Kestrel Street on Friday morning, killing the two bombers, "
           "injuring 24 other people and halting the peace talks.")


def _kinds(encoder, a: str, b: str):
    story, table = story_and_table([{"source": "Wire", "text": a}, {"source": "Daily", "text": b}], encoder)
    found = find_contradictions(story, table)
    return [c.kind for c in found], found


def test_money_suffixes_and_clock_seconds():
    assert _one("Tariffs on $60bn of goods.").point == 60e9
    assert [m.point for m in _numbers("It struck at 08:32:22 UTC with 5 aftershocks.", [])] == [5.0]


def test_casualty_counts_worded_differently_are_one_quantity(encoder):
    kinds, found = _kinds(encoder, "Suicide bombers hit the crowded Kestrel Street market on Friday, killing the two "
                                   "attackers and injuring 21 shoppers and passersby.", _MARKET)
    assert kinds == ["number"]
    assert "injured" in found[0].text
    # A nationality counts a part of the victims; so does a figure after "including".
    assert _kinds(encoder, "Suicide bombers hit the crowded Kestrel Street market on Friday, killing the two "
                           "attackers and injuring 21 Israelis.", _MARKET)[0] == []
    assert _kinds(encoder, "The bombings of the two embassies killed 224 people, including 12 Americans.",
                  "The bombings of the two embassies killed 12 Americans and many others.")[0] == []


def test_loosely_matched_casualty_counts_skip_other_events_and_hospital_counts(encoder):
    assert _kinds(encoder, "Suicide bombers hit the crowded Kestrel Street market 16 months ago, killing the two "
                           "attackers and injuring 21 shoppers and passersby.", _MARKET)[0] == []
    assert _kinds(encoder, "A car bomb at the Kestrel Street market killed the two attackers and injured 21 shoppers "
                           "on Friday.", "The Friday blast at the Kestrel Street market killed both bombers; by "
                           "nightfall seven people remained hospitalized.")[0] == []


def test_figures_of_different_origins_are_not_compared(encoder):
    assert _kinds(encoder, "China imposed new tariffs on $60bn of American goods on Monday.",
                  "The United States imposed tariffs in July on $34 billion in Chinese goods.")[0] == []


def test_a_shared_figure_anchors_dates_in_differently_worded_sentences(encoder):
    crash = "The Harrow Air jet flying to Lisbon crashed Sept. 2 off Cape Lorne, killing all 143 people aboard."
    kinds, _ = _kinds(encoder, crash, "Relatives gathered at the harbour a month after the Sept. 3 crash that took 143 lives.")
    assert kinds == ["date"]
    # Without the shared figure the two may be different crashes.
    assert _kinds(encoder, crash, "Relatives gathered at the harbour a month after the Sept. 3 crash that shocked the town.")[0] == []


def test_a_vote_tally_that_differs_is_a_contradiction(encoder):
    kinds, found = _kinds(encoder, "The House voted 222-190 to approve the Millbrook levee bill on Thursday.",
                          "The Millbrook levee measure passed 220-to-190 in the House on Thursday.")
    assert kinds == ["tally"]
    assert [c.value for c in found[0].claims] == ["222-190", "220-190"]
    assert found[0].text.startswith("vote tally")
    # Told in different words, a close tally of one vote is still compared.
    kinds, _ = _kinds(encoder, "The vote was 222-190, with two Republicans joining all Democrats to create the levee panel.",
                      "The 220-to-190 party-line vote creates the levee panel that Republicans had opposed.")
    assert kinds == ["tally"]


@pytest.mark.parametrize(
    "other",
    [
        "The House approved the Millbrook levee bill by a vote of 222 to 190 on Thursday.",
        "The House passed the Millbrook levee bill 222–190 on Thursday.",
        "The House voted 190-222 to approve the Millbrook levee bill on Thursday.",
    ],
)
def test_the_same_tally_spelled_differently_is_not_a_contradiction(encoder, other):
    assert _kinds(encoder, "The House voted 222-190 to approve the Millbrook levee bill on Thursday.", other)[0] == []


@pytest.mark.parametrize(
    "other",
    [
        "The Senate voted 52-48 to approve the Millbrook levee bill on Thursday.",  # another body
        "The House voted 220-190 to advance the Millbrook levee bill on Thursday.",  # a procedural vote
        "The House voted 220-190 to approve an amendment to the Millbrook levee bill on Thursday.",
        "The House is expected to approve the Millbrook levee bill 220-190 on Thursday.",  # a forecast
        "A similar Millbrook levee bill passed the House 220-190 on Thursday.",  # another vote
        "The House voted 220-190 in 2019 to approve the Millbrook levee bill.",
        "Riverton won 3-1 against Millbrook on Thursday in the levee cup.",  # a score
    ],
)
def test_tallies_of_other_votes_are_not_a_contradiction(encoder, other):
    assert _kinds(encoder, "The House voted 222-190 to approve the Millbrook levee bill on Thursday.", other)[0] == []


def test_an_outlet_that_reports_both_tallies_reports_two_votes(encoder):
    story, table = story_and_table([
        {"source": "Wire", "text": "The House voted 222-190 to approve the Millbrook levee bill on Thursday. "
                                   "An earlier motion had failed 220-190."},
        {"source": "Daily", "text": "The Millbrook levee bill passed 220-190 in the House on Thursday."},
    ], encoder)
    assert [c.kind for c in find_contradictions(story, table)] == []


def test_real_scorer_skips_without_data(tmp_path):
    from newsdigest.eval.scorers.contradict import score_real_contradictions

    gold = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "contradictions_real.jsonl"
    assert "skipped" in score_real_contradictions(tmp_path / "nowhere", gold)
    assert "skipped" in score_real_contradictions(tmp_path, tmp_path / "none.jsonl")


def test_real_annotations_store_no_text():
    import json

    gold = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "contradictions_real.jsonl"
    rows = [json.loads(line) for line in gold.read_text().splitlines() if line.strip()]
    for r in rows[1:]:
        assert set(r) <= {"dataset", "cluster", "kind", "label", "split", "a", "b", "note"}
        assert set(r["a"]) == set(r["b"]) == {"article", "char_start", "char_end"}
        assert r["split"] in {"dev", "heldout"} and isinstance(r["label"], bool)


def test_real_contradictions_dev_precision(shared_data, encoder):
    from newsdigest.eval.scorers.contradict import score_real_contradictions

    gold = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "contradictions_real.jsonl"
    result = score_real_contradictions(shared_data, gold, encoder=encoder)
    assert result["dev"]["fp"] == 0 and result["dev"]["tp"] >= 1


# --- figures that answer different questions ------------------------------------------------------


def _one_story_kinds(encoder, a: str, b: str):
    story = summarize([{"source": "Wire", "text": a}, {"source": "Daily", "text": b}], analysis=False, one_story=True).stories[0]
    found = find_contradictions(story, build_table(story, encoder))
    return [c.kind for c in found], found


def test_figures_read_with_action_holder_and_time_frame():
    held, lost = _numbers("House Whigs will hold at least 240 seats next year; Tories have lost nearly 60 seats "
                          "over the past six years.", [])[:2]
    assert (held.action, held.holder, held.frame) == ("hold", frozenset({"whig"}), frozenset({"next:1:year", "past:6:year"}))
    assert held.holder_first == "hous"  # the first word: kept only if the article capitalises it elsewhere
    assert (lost.action, lost.holder) == ("loss", frozenset({"tori"}))
    assert _one("The Tories picked up six seats.").action == "gain"
    assert _one("The Tories remain in the minority with 194 seats.").action == "hold"
    assert _one("The Tories won with 52 percent of the vote.").action == "win"
    assert _one("Revenue rose to $5 billion.").action == ""  # a level, not a change
    assert _one("Revenue rose by 3%.").action == "gain"


def test_a_loss_over_past_years_is_not_the_seats_held_next_year(encoder):
    # Different holders, a loss against a total, and two time frames: two facts, not one.
    assert _one_story_kinds(encoder, "Whigs are on course to hold at least 240 seats in the assembly next year.",
                            "Assembly Tories have lost nearly 60 seats over the past six years.")[0] == []


_SEATS = "In the assembly, the Whigs will hold 240 seats next year."


@pytest.mark.parametrize(
    "other",
    [
        "In the assembly, the Tories will hold 204 seats next year.",  # another holder
        "In the assembly, the party will hold 232 seats next year.",  # a holder the other outlet never names
        "In the assembly, the Whigs held 232 seats last year.",  # another time frame
        "In the assembly, the Whigs will lose 32 seats next year.",  # a loss is not a total
        "In the assembly, the Whigs will pick up 12 seats next year.",  # nor is a gain
        "In the assembly, the Whigs will win 232 seats next year.",  # winning is not holding
    ],
)
def test_figures_that_answer_another_question_are_not_compared(encoder, other):
    assert _one_story_kinds(encoder, _SEATS, other)[0] == []


@pytest.mark.parametrize(
    "a, b",
    [
        ("Whigs will hold 240 seats in the assembly next year.", "Whigs will hold 232 seats in the assembly next year."),
        (_SEATS, "In the assembly, the Whigs will control 232 seats next year."),  # a synonym
        (_SEATS, "In the assembly, the Whigs will remain in the majority with 232 seats next year."),
        ("In the assembly, the Tories lost 40 seats in 2018.", "In the assembly, the Tories lost 47 seats in 2018."),
    ],
)
def test_one_question_answered_differently_is_still_a_contradiction(encoder, a, b):
    kinds, found = _one_story_kinds(encoder, a, b)
    assert kinds == ["number"]
    assert found[0].text.startswith("seats")
