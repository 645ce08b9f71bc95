"""CoverageSummarizer's selection knobs used by the neutral summary: per-sentence cost and
publisher balance."""

from conftest import make_story

from newsdigest.summary.align import build_table
from newsdigest.summary.summarizers import CoverageSummarizer

# Outlet A states both shared facts most briefly, so without balance the greedy takes A's two
# sentences (the most shared concepts per word); B and C each state one of them at more length.
RECORDS = [
    {"source": "A", "id": "a", "text": (
        "The council approved the budget on Monday. "
        "The harbour bridge will open in the spring."
    )},
    {"source": "B", "id": "b", "text": (
        "On Monday evening the council approved the budget after a long debate."
    )},
    {"source": "C", "id": "c", "text": (
        "Officials said that the harbour bridge will open in the spring next year."
    )},
]


def _sources(story, table, chosen):
    return [story.articles[int(table.article_of[i])].source for i in chosen]


def test_balance_draws_the_summary_from_several_publishers(encoder):
    story = make_story(RECORDS)
    table = build_table(story, encoder)
    summarizer = CoverageSummarizer()
    plain = summarizer.select(story, table, 22)
    balanced = summarizer.select(story, table, 22, balance=5.0)
    assert len(plain) == 2 and len(balanced) == 2
    assert len(set(_sources(story, table, plain))) == 1
    assert len(set(_sources(story, table, balanced))) == 2


def test_cost_keeps_a_costly_sentence_out(encoder):
    story = make_story(RECORDS)
    table = build_table(story, encoder)
    summarizer = CoverageSummarizer()
    first = summarizer.select(story, table, 9)
    assert len(first) == 1
    cost = [1.0] * len(table)
    cost[first[0]] = 100.0
    second = summarizer.select(story, table, 9, cost=cost)
    assert second and first[0] not in second
    # Unit costs change nothing.
    assert summarizer.select(story, table, 22, cost=[1.0] * len(table)) == summarizer.select(story, table, 22)


# Two outlets tell the vote in different words ("voted for" / "backed"): few shared bigrams, so
# concept coverage alone takes both; the citation test says they state the same fact.
SAME_FACT_RECORDS = [
    {"source": "A", "id": "a", "text": (
        "The harbour bridge will cost the city 40 million dollars. "
        "The council voted for the bridge on Monday night. "
        "Work on the harbour bridge starts in May."
    )},
    {"source": "B", "id": "b", "text": (
        "The harbour bridge, approved by the council on Monday night, will cost the city 40 million "
        "dollars to build. Residents of the harbour district opposed the plan."
    )},
    {"source": "C", "id": "c", "text": (
        "The council backed the harbour bridge on Monday night. The bridge will cost 40 million dollars."
    )},
]


def test_a_fact_already_in_the_summary_is_not_chosen_again(encoder):
    story = make_story(SAME_FACT_RECORDS)
    table = build_table(story, encoder)
    texts = [s.text for s in table.sentences]
    voted = texts.index("The council voted for the bridge on Monday night.")
    backed = texts.index("The council backed the harbour bridge on Monday night.")
    loose = CoverageSummarizer(fact_redundancy=False).select(story, table, 40)
    assert {voted, backed} <= set(loose)
    strict = CoverageSummarizer().select(story, table, 40)
    assert len({voted, backed} & set(strict)) == 1
    # The budget the repeat used goes to a fact not yet told.
    assert texts.index("Work on the harbour bridge starts in May.") in strict


# --- the summary never picks a quote fragment or a bare quotation (issue 12) ----------------------

from newsdigest.summary.summarizers import candidates, inside_quotations, stands_alone  # noqa: E402


def test_stands_alone_refuses_fragments_and_bare_quotes():
    assert stands_alone("The harbour council voted on Tuesday to close the old ferry pier.")
    assert not stands_alone('The mayor continued: "They wanted the pier kept open.')  # unclosed
    assert not stands_alone('"We are done with this pier and its debts."')  # only a quotation
    assert not stands_alone("Councillor Ines Calder at the pier on Tuesday")  # no sentence end
    assert stands_alone('"We are done with this pier," Mayor Ines Calder told the council.')


def test_sentences_of_a_multi_paragraph_quote_are_not_candidates(encoder):
    text = (
        "The harbour council voted on Tuesday to close the old ferry pier after a long debate.\n\n"
        'Mayor Ines Calder spoke after the vote. She said: "We came here to settle this for good.\n\n'
        '"They wanted the pier kept open. They wanted everything paid for by the town.\n\n'
        '"We will not be pushed around, and we will rebuild."\n\n'
        "The pier will close in June and its ferry will move to the north quay, the council said."
    )
    story = make_story([{"source": "A", "id": "a", "text": text}, {"source": "B", "id": "b", "text": (
        "The harbour council voted to close the old ferry pier on Tuesday, and the ferry moves to the north quay in June."
    )}])
    table = build_table(story, encoder)
    texts = [table.sentences[i].text for i in candidates(story, table)]
    assert not any("They wanted" in t or "pushed around" in t or "settle this" in t for t in texts)
    assert any(t.startswith("The pier will close in June") for t in texts)
    a = story.articles[0]
    inside = {a.sentences[j].text for j in inside_quotations(a.sentences)}
    assert "They wanted everything paid for by the town." in inside


def test_stands_alone_accepts_mixed_quote_styles_and_cut_off_long_sentences():
    # Scraped copy: a curly opening mark closed by a straight one is one balanced quotation.
    assert stands_alone('Admiral Rhea Tolland said the navy could deliver another “crushing response," '
                        'according to the ministry.')
    # A long sentence that lost its final stop (an excerpt cut by its publisher) is still a sentence;
    # a short unterminated line is a caption or a label.
    assert stands_alone("Harbour workers on Thursday began a strike over pay after the port authority refused to "
                        "consider two offers that would have raised wages for night shifts at the container terminal")
    assert not stands_alone("Councillor Ines Calder greets dock workers at the pier on Tuesday")


def test_stands_alone_refuses_a_pronoun_right_after_a_short_opening_phrase():
    # "their", "they", "he" right after "By noon,", "In particular,", "On Sunday," refer back as
    # much as a sentence opening with them.
    assert not stands_alone("By noon, their own allies on the harbour council had given way.")
    assert not stands_alone("In particular, they pointed to the missing ferry logs.")
    assert not stands_alone("On Sunday, he spoke to dock workers at the north quay.")
    assert not stands_alone("As port director, she cut the night shifts at the container terminal.")
    # The opening phrase names someone the pronoun can refer to, or no pronoun follows it.
    assert stands_alone("In Mayor Calder's view, she had no choice but to close the pier.")
    assert stands_alone("In a letter to Ines Calder, his lawyer asked for the ferry logs.")
    assert stands_alone("On Sunday, the harbour council voted to close the old ferry pier.")
    assert stands_alone("Across the quay, rents rose by 4 percent last year.")


def test_stands_alone_refuses_a_sentence_that_answers_the_one_before():
    assert not stands_alone("The visit, though, has further strained the ties between the two mayors.")
    assert not stands_alone("The council, however, voted against the plan on Tuesday.")
    assert stands_alone("The council, which met on Tuesday, voted against the plan.")


def test_stands_alone_refuses_words_reproduced_without_quote_marks():
    # A post or letter printed as its own paragraphs, or a columnist talking to the reader: not
    # the report's narration, though no quote mark says so.
    assert not stands_alone("Dear council members, I know you are all busy, but the park needs benches.")
    assert not stands_alone("At least answer the letters your neighbours send.")
    assert not stands_alone("If you live near the river, you should move your car before noon.")
    # Within quote marks, or "I" as a numeral, it is narration.
    assert stands_alone('"I will not resign," Mayor Ada Brook said on Tuesday.')
    assert stands_alone("The treaty that ended World War I was signed in the hall in 1919.")
    assert stands_alone("Councillor Ines Calder wrote that the city should “show you care” about the park.")


def test_stands_alone_refuses_a_quote_credited_to_a_pronoun_mid_sentence():
    assert not stands_alone("“The benches are a disgrace,” she wrote below a photo of the park on Friday.")
    assert stands_alone("“The benches are a disgrace,” Councillor Ines Calder wrote below a photo of the park.")


def test_a_short_restatement_of_a_chosen_figure_is_a_repeat(encoder):
    from conftest import story_and_table
    from newsdigest.summary.summarizers import restates_figure

    story, table = story_and_table([
        {"source": "Wire", "text": "The fire broke out at about 11:40 p.m. in a warehouse owned by Halvorsen "
                                   "Textiles on Pier 9, the fire chief said. Thirty people were evacuated."},
        {"source": "Gazette", "text": "The blaze started around 11:40 p.m. on Tuesday. "
                                      "Crews arrived at 11:40 p.m. and found the loading bay, the office block "
                                      "and the cold store already burning."},
    ], encoder)
    text = [s.text for s in table.sentences]
    broke, started, crews = (text.index(t) for t in (
        next(t for t in text if t.startswith("The fire broke")), "The blaze started around 11:40 p.m. on Tuesday.",
        next(t for t in text if t.startswith("Crews arrived"))))
    assert restates_figure(table, started, broke)  # the same time, little else: a repeat
    assert not restates_figure(table, crews, broke)  # the same time, but a fact of its own
    assert not restates_figure(table, broke, started)  # the longer one says more than the short one


def test_small_counts_and_years_do_not_name_a_fact():
    from newsdigest.summary.summarizers import distinctive_figures

    # "23 killed" / "23 injured", "in 2019": shared by different facts; a clock time or 150 is not.
    assert distinctive_figures(frozenset({23.0, 2019.0, 23.4, 150.0, 3.5})) == {23.4, 150.0, 3.5}


def test_stands_alone_refuses_a_pronoun_attribution_set_off_by_commas():
    assert not stands_alone("The budget, she told the council on Monday, is a disgrace to the harbor.")
    # A quotation opened with a single mark is not narration either.
    assert not stands_alone("'One council will tax and spend on the harbor for years.")
    assert stands_alone("The '90s harbor plan was dropped by the council on Monday.")
    assert stands_alone("The budget, Councillor Ines Calder told the council on Monday, is a disgrace.")


def test_indirect_speech_carried_on_after_he_said_is_not_a_candidate(encoder):
    from newsdigest.summary.summarizers import continues_reported_speech

    text = (
        "Councillor Ines Calder spoke to the harbour council on Tuesday about the ferry budget.\n\n"
        "But both parties on the council are to blame, she said. The left taxes and spends, while the "
        "right just spends on its friends.\n\n"
        "The council voted 7-2 to close the old ferry pier in June, the clerk said. Its ferry will move "
        "to the north quay."
    )
    story = make_story([{"source": "A", "id": "a", "text": text}, {"source": "B", "id": "b", "text": (
        "The harbour council voted to close the old ferry pier in June, and the ferry moves to the north quay."
    )}])
    a = story.articles[0]
    carried = {a.sentences[j].text for j in continues_reported_speech(a.sentences)}
    # Her claim in the report's voice; the sentence after a named source's "the clerk said" with a
    # quote-free tail is not (only a pronoun's attribution carries on: a name starts a new report).
    assert carried == {"The left taxes and spends, while the right just spends on its friends."}
    table = build_table(story, encoder)
    texts = [table.sentences[i].text for i in candidates(story, table)]
    assert not any(t.startswith("The left taxes") for t in texts)
    assert any(t.startswith("Councillor Ines Calder spoke") for t in texts)


def test_a_shared_percentage_is_one_fact_in_the_summary_either_way_round(encoder):
    from conftest import story_and_table
    from newsdigest.summary.summarizers import get_summarizer, restates_figure

    story, table = story_and_table([
        {"source": "Wire", "text": "Ana Ortiz won the Eastvale mayoral election on Tuesday with 54 percent of the vote. "
                                   "The election commission put turnout at 61 percent."},
        {"source": "Herald", "text": "Ana Ortiz was elected mayor of Eastvale on Tuesday. "
                                     "Turnout was 61 percent, the highest in two decades. "
                                     "Support for the tram plan stood at 61 percent in a separate poll of residents."},
    ], encoder)
    text = [s.text for s in table.sentences]
    put, was, tram = (next(k for k, t in enumerate(text) if t.startswith(p))
                      for p in ("The election commission", "Turnout was", "Support for the tram"))
    assert restates_figure(table, put, was)  # 61 percent and little else: the longer one's fact
    assert not restates_figure(table, tram, put)  # 61 percent of something else
    summary = [table.sentences[i].text for i in get_summarizer("coverage").select(story, table, 200)]
    assert sum(t.startswith(("The election commission", "Turnout was")) for t in summary) == 1, summary


def test_stands_alone_refuses_connectives_and_a_sentence_that_introduces_what_follows():
    assert not stands_alone("At the same time, optimism about the harbour budget is growing.")
    assert not stands_alone("In addition, the council will review the ferry timetable.")
    assert not stands_alone("The mayor read out the council's statement in full on Tuesday evening:")
    assert stands_alone("In March the council will review the ferry timetable.")


def test_two_shared_specific_figures_are_one_fact_in_the_summary(encoder):
    from conftest import story_and_table
    from newsdigest.summary.summarizers import get_summarizer, shares_figures

    story, table = story_and_table([
        {"source": "Wire", "text": "The harbour council passed the ferry bill in a 252-175 vote on Tuesday. "
                                   "The ferry will start running in June."},
        {"source": "Herald", "text": "The ferry bill passed 252 to 175, even though the mayor had asked "
                                     "councillors to vote against it. Tickets will cost four dollars."},
    ], encoder)
    text = [s.text for s in table.sentences]
    a = next(k for k, t in enumerate(text) if "252-175" in t)
    b = next(k for k, t in enumerate(text) if "252 to 175" in t)
    assert shares_figures(table, a, b)
    summary = [table.sentences[i].text for i in get_summarizer("coverage").select(story, table, 200)]
    assert sum("252" in t for t in summary) == 1, summary


def test_stands_alone_refuses_an_early_also():
    assert not stands_alone("The real-estate developer also reacts defensively to questions about the pier.")
    assert not stands_alone("Police also said two men were detained near the harbour.")
    assert stands_alone("The council voted on Tuesday to close the pier and also to sell the old ferry.")


def test_a_quotation_opening_with_a_dangling_reference_does_not_stand_alone():
    assert not stands_alone('"Until then, he will continue to serve the harbour," the statement said.')
    assert not stands_alone("\u201cThey wanted the pier kept open,\u201d the mayor's statement said.")
    assert stands_alone('"The pier will close in June," the harbour council said in a statement.')
    # "The other" / "the latter" point back to people named before.
    assert not stands_alone("The other, Tom Brook, pleaded guilty to fraud charges in the pier case.")


def test_one_remark_quoted_by_two_outlets_is_given_once(encoder):
    from conftest import story_and_table
    from newsdigest.summary.summarizers import get_summarizer, repeats_quotation

    brief = "\u201cThe harbour needs a ferry, not another car park,\u201d Mayor Ana Ortiz said on Tuesday."
    longer = ('"The harbour needs a ferry, not another car park? Ask anyone on the quay," said Ortiz, who '
              'added that "the council has wasted ten years on studies."')
    assert repeats_quotation(brief, longer) and repeats_quotation(longer, brief)
    # Quoting a few of the same words is not the same remark, nor are words outside quote marks.
    assert not repeats_quotation(brief, 'Critics called it "not another car park" plan.')
    assert not repeats_quotation(brief, "The harbour needs a ferry, not another car park, she said.")
    story, table = story_and_table([
        {"source": "Wire", "text": brief + " The ferry bill passed the council by nine votes to four."},
        {"source": "Herald", "text": longer + " Tickets will cost four dollars a trip on the new line."},
    ], encoder)
    summary = [table.sentences[i].text for i in get_summarizer("coverage").select(story, table, 200)]
    assert sum("not another car park" in t for t in summary) == 1, summary
