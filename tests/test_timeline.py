import json
import re
from pathlib import Path

import pytest

from newsdigest.summary.align import mark_duplicates
from newsdigest.model import Article, Story
from newsdigest.analysis.ner import annotate_entities
from newsdigest.pipeline import prepare_articles
from newsdigest.analysis.timeline import build_timeline, extract_timeline, resolve_date
from newsdigest.eval.scorers.timeline import score_timeline

from conftest import gold_clusters_of, make_story

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "timeline.jsonl"
DATE_FORMAT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.fixture(scope="module")
def gold_clusters(nlp):
    return gold_clusters_of(GOLD, nlp)


# --- resolving one expression -------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression, article_date, sentence, expected",
    [
        # Past tense: the most recent such day on or before the article date (2025-10-17 is a Friday).
        ("on Thursday", "2025-10-17", "Engineers closed the bridge on Thursday.", "2025-10-16"),
        ("on Friday", "2025-10-17", "The bridge closed on Friday.", "2025-10-17"),
        # Future tense: the next one.
        ("on Thursday", "2025-10-17", "The council will meet on Thursday.", "2025-10-23"),
        ("on Wednesday", "2025-10-20", "The council is scheduled to meet on Wednesday.", "2025-10-22"),
        ("on Thursday", "2024-04-03", "The superintendent said classes would be cancelled again on Thursday.", "2024-04-04"),
        ("on Friday", "2023-01-04", "The minister will visit on Friday, his office said.", "2023-01-06"),
        ("last Tuesday", "2025-10-20", "", "2025-10-14"),
        ("next Tuesday", "2025-10-14", "", "2025-10-21"),
        ("Tuesday night", "2025-10-17", "", "2025-10-14"),
        ("yesterday", "2025-10-17", "", "2025-10-16"),
        ("tomorrow", "2025-12-31", "", "2026-01-01"),
        # Months and years, never more precise than the words.
        ("last month", "2023-01-04", "", "2022-12"),
        ("in March", "2024-04-05", "Members voted in March.", "2024-03"),
        ("in November", "2024-04-03", "Talks stalled in November.", "2023-11"),
        ("in March", "2024-01-10", "They will vote in March.", "2024-03"),
        ("two years ago", "2025-10-17", "", "2023"),
        ("three days ago", "2025-10-17", "", "2025-10-14"),
        ("in 2019", None, "", "2019"),
        ("in June 2023", None, "", "2023-06"),
        ("October 16, 2025", None, "", "2025-10-16"),
        ("Jan. 1", "2023-01-05", "", "2023-01-01"),
        ("Dec. 28", "2023-01-05", "", "2022-12-28"),
        ("New Year's Day", "2023-01-04", "", "2023-01-01"),
        # "last week" is a month only when the whole Monday-Sunday week lies in it.
        ("last week", "2024-04-03", "", "2024-03"),
        ("last week", "2024-03-06", "", "2024"),
    ],
)
def test_resolve_date(expression, article_date, sentence, expected):
    date, _ = resolve_date(expression, article_date, sentence)
    assert date == expected


def test_resolve_date_says_whether_the_article_date_was_needed():
    assert resolve_date("on Thursday", "2025-10-17") == ("2025-10-16", True)
    assert resolve_date("in 2019", "2025-10-17") == ("2019", False)
    # No article date: a relative date cannot be placed, and says so.
    assert resolve_date("on Thursday", None) == (None, True)
    assert resolve_date("last month", "not a date") == (None, True)


@pytest.mark.parametrize("expression", ["every Tuesday", "about two years ago", "the 1990s", "for six hours", "", "May"])
def test_resolve_date_refuses_what_is_not_a_point_in_time(expression):
    assert resolve_date(expression, "2025-10-15")[0] is None


# --- the gold clusters --------------------------------------------------------------------------


def test_gold_precision_and_recall(gold_clusters):
    total = {"tp": 0, "fp": 0, "fn": 0, "unresolved_tp": 0, "unresolved_gold": 0}
    for cluster, story in gold_clusters:
        counts = score_timeline(story, cluster["gold"]["timeline"], cluster["gold"]["timeline_unresolved"])
        assert all(isinstance(v, int) for v in counts.values())
        for k in total:
            total[k] += counts[k]
    precision = total["tp"] / (total["tp"] + total["fp"])
    recall = total["tp"] / (total["tp"] + total["fn"])
    assert recall >= 0.95 and precision >= 0.85, total
    assert total["unresolved_tp"] == total["unresolved_gold"]


def test_one_event_reported_by_three_outlets_is_one_entry(gold_clusters):
    _, story = gold_clusters[0]
    events, _ = build_timeline(story)
    closed = [e for e in events if e.date == "2025-10-16" and "Corvell" in e.text]
    assert len(closed) == 1
    assert set(closed[0].sources) == {"Marrow Bay Tribune", "Northshore Ledger", "Radio Kestrel"}
    # The undated outlet's absolute date ("on October 16, 2025") is placed; its text is verbatim.
    kestrel = [s for s in closed[0].support if s.source == "Radio Kestrel"]
    assert kestrel and "October 16, 2025" in kestrel[0].text
    # The same fact seen from two anchors: "will meet on Wednesday" (Fri 17) and "is scheduled to
    # meet on Wednesday" (Mon 20) are both 2025-10-22 and one event.
    meeting = [e for e in events if e.date == "2025-10-22"]
    assert len(meeting) == 1 and set(meeting[0].sources) == {"Marrow Bay Tribune", "Northshore Ledger"}


def test_events_are_chronological_and_cite_real_sentences(gold_clusters):
    for _, story in gold_clusters:
        events, _ = build_timeline(story)
        assert events
        assert [e.date for e in events] == sorted(e.date for e in events)
        for e in events:
            assert DATE_FORMAT.match(e.date)
            assert e.text == e.support[0].text
            for sup in e.support:
                article = story.article(sup.article_id)
                assert article.sentences[sup.sentence_index].text == sup.text
                assert article.source == sup.source


def test_undated_article_relative_dates_become_a_note_not_an_event(gold_clusters):
    _, story = gold_clusters[0]
    result = extract_timeline(story)
    unplaced = {(u.source, u.expression) for u in result.unresolved}
    assert unplaced == {("Radio Kestrel", "on Tuesday"), ("Radio Kestrel", "yesterday"), ("Radio Kestrel", "next week")}
    assert len(result.notes) == 1
    assert "kestrel-bridge" in result.notes[0] and "'on Tuesday'" in result.notes[0]
    events, notes = build_timeline(story)
    assert notes == result.notes
    assert not any(s.source == "Radio Kestrel" and "yesterday" in s.text for e in events for s in e.support)
    assert story.notes == []  # build_timeline leaves the story alone; the caller adds the notes


def test_year_boundary_and_holiday(gold_clusters):
    _, story = gold_clusters[2]
    events, _ = build_timeline(story)
    by_date = {}
    for e in events:
        by_date.setdefault(e.date, []).append(e.text)
    assert any("last month" in t for t in by_date["2022-12"])
    assert any("New Year's Day" in t for t in by_date["2023-01-01"])
    assert any("on Friday" in t for t in by_date["2023-01-06"])


# --- rules on small stories ---------------------------------------------------------------------


def one(text, date="2025-10-17", source="Tribune"):
    return {"id": source.lower(), "source": source, "date": date, "text": text}


def test_attribution_date_yields_to_the_event_date():
    story = make_story([one("The fire started late Tuesday at the warehouse, the fire chief said Thursday.")])
    events, _ = build_timeline(story)
    assert [e.date for e in events] == ["2025-10-14"]
    # Alone, the statement's date is kept: the statement is the event.
    story = make_story([one("The cause of the fire is under investigation, the fire chief said Thursday.")])
    assert [e.date for e in build_timeline(story)[0]] == ["2025-10-16"]


def test_spans_recurring_days_and_bare_dates_are_not_events():
    story = make_story([
        one("Pinochet ruled Chile as a dictator from 1973 to 1990 and kept command of the army."),
        one("The warrant covers crimes between Sept. 11, 1973, the day of the coup, and Dec. 31, 1983.", source="Ledger"),
        one("The farmers market is held every Tuesday in the old square.", source="Post"),
        one("Sunday, Oct. 12.", source="Monitor"),
    ])
    assert build_timeline(story) == ([], [])


def test_two_dates_in_one_sentence_are_two_events():
    story = make_story([one("The bridge, which opened in 1974, was last repaired two years ago.")])
    assert [e.date for e in build_timeline(story)[0]] == ["1974", "2023"]


def test_wire_copy_is_support_of_the_original_event(example_dir, nlp):
    from newsdigest.io.ingest import read_paths

    articles = prepare_articles(read_paths([example_dir]).articles, [])
    mark_duplicates(articles)
    annotate_entities(articles, nlp)
    story = Story(id="harbor", articles=articles)
    events, notes = build_timeline(story)
    assert notes == []
    for e in events:
        sources = e.sources
        # valley_courier is a copy of coastal_press_agency: wherever the copy is cited, so is the original.
        if "Valley Courier" in sources:
            assert "Coastal Press Agency" in sources
            assert e.support[0].source != "Valley Courier"
    tuesday = [e for e in events if e.date == "2026-03-10"]
    assert tuesday and all("Tuesday" in e.text for e in tuesday)


def test_degraded_inputs_give_empty_results_not_errors():
    assert build_timeline(Story(id="empty", articles=[])) == ([], [])
    bare = Article(id="bare", source="X", text="", date=None)
    assert build_timeline(Story(id="bare", articles=[bare])) == ([], [])
    # An unusable date is treated like no date, and the note quotes it.
    story = make_story([one("The mayor resigned on Tuesday after the vote.", date="sometime in spring")])
    events, notes = build_timeline(story)
    assert events == [] and len(notes) == 1 and "sometime in spring" in notes[0]
    # Unbalanced quotes and odd characters do not break anything.
    story = make_story([one('"We will rebuild on Monday, the mayor said. «Tomorrow» — maybe')])
    events, _ = build_timeline(story)
    assert all(DATE_FORMAT.match(e.date) for e in events)


def test_single_outlet_story_still_has_a_timeline():
    story = make_story([one("The council voted on Monday to close the bridge. Repairs will start next month.")])
    events, _ = build_timeline(story)
    assert [(e.date, e.sources) for e in events] == [("2025-10-13", ["Tribune"]), ("2025-11", ["Tribune"])]


def test_table_is_optional_and_used_when_given(gold_clusters):
    from newsdigest.summary.align import build_table
    from newsdigest.text.embed import load_encoder

    cluster, story = gold_clusters[1]
    table = build_table(story, load_encoder())
    with_table, _ = build_timeline(story, table)
    without, _ = build_timeline(story)
    assert {e.date for e in with_table} == {e.date for e in without}
    counts = score_timeline(story, cluster["gold"]["timeline"], table=table)
    assert counts["fn"] == 0


def test_duc_cluster_timeline_is_sane(shared_data, nlp):
    line = (shared_data / "duc2003.jsonl").open(encoding="utf-8").readline()
    cluster = json.loads(line)
    story = make_story(cluster["articles"], nlp)
    events, _ = build_timeline(story)
    assert len(events) >= 5
    assert [e.date for e in events] == sorted(e.date for e in events)
    dates = [a.date for a in story.articles if a.date]
    # Relative dates land near the articles: none later than a year after the last article.
    latest = max(dates)
    assert all(e.date[:4] <= str(int(latest[:4]) + 1) for e in events if e.relative)


# --- tense of weekdays and months (HeidelTime-style) ---------------------------------------------

# 1998-11-15 is a Sunday: the past Tuesday is 1998-11-10, the coming one 1998-11-17.
SUNDAY = "1998-11-15"


@pytest.mark.parametrize(
    "expression, sentence, expected",
    [
        # A forecasting participle attached to the weekday looks ahead.
        ("Tuesday", "The storm predicted for Tuesday could damage satellites.", "1998-11-17"),
        ("Tuesday", "Scientists have been preparing for a year for the storm predicted for Tuesday.", "1998-11-17"),
        ("Tuesday night", "Teams have worked for months ahead of Tuesday night's expected shower.", "1998-11-17"),
        ("Tuesday", "The launch forecast for Tuesday is the first of three.", "1998-11-17"),
        # Further away, a forecasting word is no cue: "anticipated" describes the storm, not Tuesday.
        ("Tuesday", "The much-anticipated storm of meteors swept over the region on Tuesday.", "1998-11-10"),
        ("Tuesday", "This coming Tuesday the museum reopens.", "1998-11-17"),
        ("Tuesday", "The payment is due Tuesday.", "1998-11-17"),
        # Modals other than will/would look ahead too ...
        ("Tuesday's", "If Tuesday's storm damages a satellite, the losses could be large.", "1998-11-17"),
        ("Tuesday", "An engineer said viewers might lose the signal for a few minutes Tuesday.", "1998-11-17"),
        ("Tuesday", "Crowds may gather in the park Tuesday.", "1998-11-17"),
        ("Tuesday", "The vote is to take place Tuesday.", "1998-11-17"),
        # ... but a modal with "have" is past.
        ("Tuesday", "The storm could have damaged satellites on Tuesday.", "1998-11-10"),
        ("Tuesday", "Officials would have closed the park on Tuesday.", "1998-11-10"),
        # "would have" without a participle is no perfect.
        ("Friday", "A lawyer told the judge the government would have a response by Friday.", "1998-11-20"),
        # "could" is often past ability: it counts only without a stronger cue.
        ("Wednesday's", 'She said of Wednesday\'s tremor, "I could see the lamps swing. It was terrifying."', "1998-11-11"),
        ("Saturday", "Flying over the coast on Saturday, the pilot could not hide his joy.", "1998-11-14"),
        # No cue, or a past one: the most recent such day (or the article's own day).
        ("Tuesday", "The storm damaged two satellites Tuesday.", "1998-11-10"),
        ("Sunday", "The park was closed Sunday.", "1998-11-15"),
        ("Tuesday", "The road closed on Tuesday due to flooding.", "1998-11-10"),
        ("last Tuesday", "The storm will be studied for years, like last Tuesday's.", "1998-11-10"),
        ("next Tuesday", "Engineers met next Tuesday.", "1998-11-17"),
        # "this Tuesday": the tense decides; without a cue, the nearer one.
        ("this Tuesday", "Crews will inspect the dam this Tuesday.", "1998-11-17"),
        ("this Tuesday", "Crews inspected the dam this Tuesday.", "1998-11-10"),
        ("this Thursday", "Dam inspection this Thursday.", "1998-11-12"),
        ("this Monday", "Dam inspection this Monday.", "1998-11-16"),
    ],
)
def test_weekday_tense(expression, sentence, expected):
    assert resolve_date(expression, SUNDAY, sentence)[0] == expected


@pytest.mark.parametrize(
    "expression, sentence, expected",
    [
        # A month with "last/next/this year" is one expression, at month precision.
        ("in September last year", "A probe was hit by debris in September last year.", "1997-09"),
        ("September of last year", "The probe failed in September of last year.", "1997-09"),
        ("November next year", "A stronger shower is due in November next year.", "1999-11"),
        ("in March this year", "The mission launched in March this year.", "1998-03"),
        ("Sept. 5 last year", "The probe failed on Sept. 5 last year.", "1997-09-05"),
        # "next/last <month>": the first such month strictly after / before the article's month.
        ("next November", "An even better shower may come the next November.", "1998-11"),
        ("next October", "The panel meets again next October.", "1999-10"),
        ("last November", "The probe failed last November.", "1997-11"),
        ("last September", "The probe failed last September.", "1998-09"),
        # A bare month: past tense the latest up to the article's month, future the next from it.
        ("in November", "The probe failed in November.", "1997-11"),
        ("in November", "The shower will peak in November.", "1998-11"),
        ("in September", "The shower will peak in September.", "1999-09"),
        # Month and day: the nearest occurrence, in the future tense not before the article date.
        ("Nov. 17", "The shower forecast for Nov. 17 might be a dud.", "1998-11-17"),
        ("April 2", "The shower will peak on April 2.", "1999-04-02"),
        ("April 2", "The probe failed on April 2.", "1998-04-02"),
        # ... but a future a few weeks back is a reported statement's, not next year's.
        ("Oct. 2", "The minister said the plan could be ready by Oct. 2.", "1998-10-02"),
        ("Oct. 2", "He says after the crash on Oct. 2, there may be more failures.", "1998-10-02"),
        ("Oct. 2", "The probe failed on Oct. 2.", "1998-10-02"),
        ("Feb. 27", "The Feb. 27 earthquake destroyed the harbour.", "1998-02-27"),
        ("Dec. 20", "A reopening date of Dec. 20 has been set.", "1998-12-20"),
        ("next Oct. 2", "The summit will take place next Oct. 2.", "1999-10-02"),
        ("last Nov. 2", "The summit took place last Nov. 2.", "1997-11-02"),
        # A forecasting word with a determiner between is a verb whose object holds the date.
        ("Aug. 7", "The warning forecast the Aug. 7 attack in detail, officials said.", "1998-08-07"),
        # A span of months with "this year" stays one expression.
        ("June and August this year", "The fair runs between June and August this year.", "1998"),
    ],
)
def test_month_with_relative_year_and_tense(expression, sentence, expected):
    assert resolve_date(expression, "1998-10-12", sentence)[0] == expected


def test_month_with_last_year_is_one_event():
    story = make_story([one("A shuttle was hit by a piece of debris in September last year.", date="1998-10-12")])
    events, _ = build_timeline(story)
    assert [(e.date, e.expression) for e in events] == [("1997-09", "in September last year")]


def test_predicted_weekday_event_is_placed_ahead():
    story = make_story([
        one("If Tuesday's storm damages any satellites, repairs could take months.", date=SUNDAY),
        one("Engineers said the storm predicted for Tuesday is the strongest since 1966.", date=SUNDAY, source="Ledger"),
    ])
    events, _ = build_timeline(story)
    assert sorted(e.date for e in events) == ["1966", "1998-11-17", "1998-11-17"]


# --- tense of the clause, not of a report or a quotation (real-data review) ---------------------


@pytest.mark.parametrize(
    "expression, article_date, sentence, expected",
    [
        # "led" is a past verb: the one he led on Tuesday was the Tuesday before, not after.
        ("on Tuesday", "2024-03-13",
         "The mayor's meeting with the council is likely to be as tense as the one that he led with "
         "the school board on Tuesday.", "2024-03-12"),
        # A modal inside a quotation is the quoted text's tense, not the date's.
        ("on Wednesday", "2024-03-14",
         "Once the roll was called in the long and crowded chamber of the state house, the clerk "
         "handed the gavel to the chair on Wednesday (“All members shall be seated”).", "2024-03-13"),
        # "told reporters that ...": the report's past says nothing about the reported event.
        ("as early as Thursday", "2024-03-13",
         "The senator told reporters that a budget bill could be on the floor as early as Thursday.",
         "2024-03-14"),
    ],
)
def test_tense_reads_the_clause_of_the_date(expression, article_date, sentence, expected):
    assert resolve_date(expression, article_date, sentence)[0] == expected


def test_undated_note_counts_the_expressions_it_lists():
    story = make_story([
        {"id": "a", "source": "Daily Planet", "title": "Jobs",
         "text": "Employers added 100,000 jobs in April. The rate fell in April. It was the best month since January."},
    ])
    notes = extract_timeline(story).notes
    assert notes and "2 relative date expressions" in notes[0], notes


def test_up_for_reelection_looks_ahead():
    from newsdigest.analysis.timeline import resolve_date

    assert resolve_date("in November", "2014-04-25", "Councillor Ortiz is up for re-election in November.")[0] == "2014-11"
    assert resolve_date("in November", "2014-04-25", "Councillor Ortiz won re-election in November.")[0] == "2013-11"


# --- dates inside quotations are the speaker's ----------------------------------------------------


def test_a_date_only_inside_a_quotation_dates_no_event():
    story = make_story([one('"We will decide by March 3," she said.')])
    assert build_timeline(story) == ([], [])
    # Nor one said of a past fact: the quoted words are the speaker's, not the report's.
    story = make_story([one("“The levee gave way on Tuesday night,” the engineer said.")])
    assert build_timeline(story) == ([], [])


def test_a_date_outside_the_quotation_still_dates_the_sentence():
    # The attribution's date is the statement's: it is the event, not the quoted March 3.
    story = make_story([one('"We will decide by March 3," she said Tuesday.')])
    assert [(e.date, e.expression) for e in build_timeline(story)[0]] == [("2025-10-14", "Tuesday")]
    story = make_story([one('On Monday, the mayor told the council: "We will decide by March 3."')])
    assert [(e.date, e.expression) for e in build_timeline(story)[0]] == [("2025-10-13", "On Monday")]
    # A quotation that holds no date leaves the sentence's own date alone.
    story = make_story([one('The council called the March 3 vote "a disgrace."')])
    assert [e.date for e in build_timeline(story)[0]] == ["2025-03-03"]


def test_a_quotation_over_several_sentences_is_quoted_throughout():
    story = make_story([one('The mayor spoke after the vote. She said: "We are not done. The next vote could come '
                            'on Friday. We will decide by March 3."\n\nThe bridge closed on Monday.')])
    assert [(e.date, e.expression) for e in build_timeline(story)[0]] == [("2025-10-13", "on Monday")]


def test_a_quoted_relative_date_of_an_undated_article_is_not_reported_unplaced():
    story = make_story([one('"We will decide on Friday," she said. The bridge closed on Monday.', date=None)])
    result = extract_timeline(story)
    assert result.events == []
    assert [u.expression for u in result.unresolved] == ["on Monday"]
    assert "'on Friday'" not in result.notes[0] and "'on Monday'" in result.notes[0]


def _same_date_events(texts, vectors):
    """_Events of one date, one per article, with their date-less texts in a fact table built
    as extract_timeline builds it (embeddings given, so the test does not depend on the encoder)."""
    import numpy as np

    from newsdigest.analysis import timeline as T
    from newsdigest.model import Sentence
    from newsdigest.summary.align import features_table

    events = []
    for k, text in enumerate(texts):
        stems, names, numbers = T._fact_features(text, [])
        events.append(T._Event("2025-10-14", k, 0, "on Tuesday", True, stems, names, numbers, k, dateless=text, fact_row=k))
    sentences = [Sentence(str(k), 0, 0, t) for k, t in enumerate(texts)]
    table = features_table(sentences, list(range(len(texts))), texts, np.asarray(vectors, dtype=np.float32))
    return events, table


def test_same_date_events_that_state_one_fact_in_other_words_are_one_entry():
    from newsdigest.analysis import timeline as T

    # Close in meaning (cosine 0.8), sharing most content words but few rare ones: the story's
    # own topic words ("Indonesia", "East Timor", "invaded") weigh little in the timeline's own
    # overlap, so only align.fact_score, on the sentences without their dates, says one fact.
    texts = [
        "Indonesia invaded East Timor   , after the colonial officials from Portugal left.",
        "East Timor was invaded by Indonesia         when its colonial rulers from Portugal went home.",
        "The colonial officials from Portugal protested    at the United Nations.",
    ]
    vectors = [[1.0, 0.0], [0.8, 0.6], [0.8, -0.6]]
    events, facts = _same_date_events(texts, vectors)
    shared = events[0].stems & events[1].stems
    assert len(shared) >= 5
    idf = {w: (0.2 if w in shared else 3.0) for e in events for w in e.stems}
    assert T._overlap(events[0].stems, events[1].stems, idf) < T.MERGE_TABLE_OVERLAP
    assert T._similarity(events[0], events[1], idf, None) == 0.0  # the words alone do not say so
    assert T._similarity(events[0], events[1], idf, None, facts) >= 0.6
    # A different event of the same day, as close in meaning, stays apart.
    assert T._similarity(events[0], events[2], idf, None, facts) == 0.0
    assert T._similarity(events[1], events[2], idf, None, facts) == 0.0


def test_three_wordings_of_one_fire_are_one_entry_and_another_event_that_day_stays_apart(nlp):
    from newsdigest.summary.align import build_table
    from newsdigest.text.embed import load_encoder

    # Three outlets, one fire on Tuesday, in three wordings; a second event that day stays apart.
    story = make_story([
        one("The fire started late Tuesday in a warehouse on the Eastgate docks. Police arrested a man on Tuesday for theft in Corvell.",
            source="Tribune"),
        one("The blaze broke out Tuesday night at a warehouse on the Eastgate docks, firefighters said.", source="Ledger"),
        one("Flames erupted on Tuesday in an Eastgate docks warehouse.", date="2025-10-16", source="Radio"),
    ], nlp)
    events, _ = build_timeline(story, build_table(story, load_encoder()))
    tuesday = [e for e in events if e.date == "2025-10-14"]
    fire = [e for e in tuesday if "docks" in e.text]
    assert len(fire) == 1 and fire[0].sources == ["Tribune", "Ledger", "Radio"]
    assert fire[0].text.startswith("The fire started late Tuesday")
    assert len(tuesday) == 2 and any("arrested" in e.text for e in tuesday)


def test_an_event_dated_after_every_report_is_expected():
    story = make_story([one("The council voted on Tuesday to rebuild the pier, and economists predict more jobs "
                            "for the harbour district in 2026 once the work is done."),
                        one("The new ferry service will start on Monday, the operator told reporters.",
                            source="Herald")])
    events, _ = build_timeline(story)
    by_date = {e.date: e for e in events}
    assert by_date["2025-10-14"].expected is False  # the vote: already happened
    assert by_date["2026"].expected is True  # a forecast for a year to come
    assert by_date["2025-10-20"].expected is True  # a plan for next Monday
    assert by_date["2026"].to_dict()["expected"] is True
    # Undated article: nobody can say the event is still to come.
    story = make_story([one("Economists predict more jobs for the harbour district in 2026 once the pier is rebuilt.",
                            date=None)])
    assert [e.expected for e in build_timeline(story)[0]] == [False]


def test_expected_events_are_marked_in_markdown_and_html():
    from newsdigest.io.render import story_markdown, to_html
    from newsdigest.model import Digest

    story = make_story([one("Economists predict more jobs for the harbour district in 2026 once the pier is rebuilt."),
                        one("The council voted on Tuesday to rebuild the old pier at the harbour.", source="Herald")])
    story.timeline, _ = build_timeline(story)
    story.analyzed = True
    text = story_markdown(story)
    assert "- 2026 (expected): Economists" in text and "- 2025-10-14: The council" in text
    page = to_html(Digest(stories=[story]))
    assert "<b>2026</b> <i>(expected)</i>" in page and "<b>2025-10-14</b>:" in page
