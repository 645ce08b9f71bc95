import json
from pathlib import Path

from newsdigest.summary.align import mark_duplicates
from newsdigest.io.ingest import articles_from_records
from newsdigest.model import Article, Story
from newsdigest.pipeline import prepare_articles
from newsdigest.analysis.quotes.merge import find_quotes, normalized_tokens, same_quote
from newsdigest.eval.scorers.quotes import score_quotes, score_real_quotes

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "quotes.jsonl"
REAL_GOLD = GOLD.with_name("quotes_real.jsonl")


def story_of(*texts: str, sources: list[str] | None = None) -> Story:
    records = [
        {"id": f"a{i}", "source": (sources[i] if sources else f"Outlet {i}"), "text": t} for i, t in enumerate(texts)
    ]
    articles = prepare_articles(articles_from_records(records).articles, [])
    mark_duplicates(articles)
    return Story(id="s", articles=articles)


def by_text(quotes, fragment):
    found = [q for q in quotes if fragment in q.text]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


def test_gold_set_precision_recall_and_speakers():
    total = {"tp": 0, "fp": 0, "fn": 0, "speaker_correct": 0, "speaker_total": 0, "sources_correct": 0}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        cluster = json.loads(line)
        story = story_of(*[a["text"] for a in cluster["articles"]], sources=[a["source"] for a in cluster["articles"]])
        counts = score_quotes(story, cluster["gold"])
        for k in total:
            total[k] += counts[k]
    assert total["tp"] / (total["tp"] + total["fp"]) >= 0.9
    assert total["tp"] / (total["tp"] + total["fn"]) >= 0.9
    assert total["speaker_correct"] / total["speaker_total"] >= 0.9
    assert total["sources_correct"] / total["tp"] >= 0.9


def test_attribution_patterns_and_fullest_names():
    story = story_of(
        "Mayor Ana Ortiz opened the new library on Monday.\n\n"
        '"This building belongs to every family in the city," Ortiz said.\n\n'
        '"We waited twenty years for this day," said Fire Chief Maria Delgado.\n\n'
        'According to librarian Tom Reyes, "the shelves will be full by June."\n\n'
        'Delgado added: "The sprinklers were tested twice last week."'
    )
    quotes = find_quotes(story)
    assert by_text(quotes, "belongs to every family").speaker == "Ana Ortiz"
    assert by_text(quotes, "waited twenty years").speaker == "Maria Delgado"
    assert by_text(quotes, "shelves will be full").speaker == "Tom Reyes"
    assert by_text(quotes, "sprinklers were tested").speaker == "Maria Delgado"


def test_pronoun_uses_gender_from_titles():
    story = story_of(
        "Ms. Lena Park, the head of the school board, met Mr. Omar Haddad, the principal, on Friday. "
        "Mr. Haddad said the roof would be repaired.\n\n"
        '"We cannot teach children under a leaking roof," she said.\n\n'
        '"The work starts next week," he said.'
    )
    quotes = find_quotes(story)
    assert by_text(quotes, "leaking roof").speaker == "Lena Park"
    assert by_text(quotes, "work starts next week").speaker == "Omar Haddad"


def test_unresolvable_speakers_stay_none():
    story = story_of(
        'The storm closed the port on Tuesday. "We have never seen waves like these before," they said.\n\n'
        '"The harbor will stay shut until the weekend at least," one said.'
    )
    quotes = find_quotes(story)
    assert len(quotes) == 2
    assert all(q.speaker is None for q in quotes)


def test_quote_over_several_paragraphs_and_nested_quote():
    story = story_of(
        'Coach Ruth Bell was blunt after the loss. "We played without any courage tonight," Bell said. '
        '"I told them at half time, \'Nobody is safe in this team,\' and I meant it.\n\n'
        '"There will be changes before Saturday."\n\n'
        "The team plays again on Saturday."
    )
    quotes = find_quotes(story)
    assert len(quotes) == 1  # the part after 'Bell said.' continues the quote (see the split tests)
    assert quotes[0].text == (
        "We played without any courage tonight, \u2026 "
        "I told them at half time, 'Nobody is safe in this team,' and I meant it. "
        "There will be changes before Saturday."
    )
    assert quotes[0].speaker == "Ruth Bell"


def test_scare_quotes_and_titles_are_not_quotes():
    story = story_of(
        'Senator Hana Ito called the budget "unacceptable" and the plan a "fairy tale" on Monday. '
        'She read from her book "The Quiet Country Ahead" to the crowd.\n\n'
        '"No," Ito said when asked if she would vote for it.'
    )
    quotes = find_quotes(story)
    # 'X called the budget "unacceptable"' gives X's own word (PolNeAR counts it as a direct quote);
    # the "fairy tale" after 'and the plan a' and the book's title stay terms.
    assert [q.text for q in quotes] == ["unacceptable", "No"]  # short, but directly attributed
    assert [q.speaker for q in quotes] == ["Hana Ito", "Hana Ito"]


def test_same_quote_across_outlets_with_variants_and_order():
    a = (
        'Mayor Ana Ortiz spoke on Monday. "We are not going to gamble with people\'s lives," Ortiz said.\n\n'
        '"Our engineers need six weeks," she said.'
    )
    b = 'The mayor, Ana Ortiz, was firm. "We are not going to gamble with anyone\'s lives," she said.'
    c = "Ana Ortiz said: \u201cWe are NOT going to gamble with people\u2019s lives.\u201d"
    story = story_of(a, b, c, sources=["Ledger", "Wire", "Spark"])
    quotes = find_quotes(story)
    first = quotes[0]
    assert first.sources == ["Ledger", "Wire", "Spark"]
    assert first.speaker == "Ana Ortiz"
    # Only the changed word is a variant; case, punctuation and curly marks are not.
    assert [(v.source, v.text) for v in first.variants] == [("Wire", "We are not going to gamble with anyone's lives")]
    assert quotes[1].sources == ["Ledger"] and "six weeks" in quotes[1].text


def test_support_points_at_real_sentences():
    story = story_of(
        'The bridge is closed. "It will stay closed for six weeks," engineer Dan Reyes said. "Nobody likes it."',
        'Officials shut the bridge. "It will stay closed for six weeks," said Dan Reyes.',
    )
    for q in find_quotes(story):
        assert q.support and all(s.score == 1.0 for s in q.support)
        for s in q.support:
            article = story.article(s.article_id)
            assert article.sentences[s.sentence_index].text == s.text
            assert s.text in article.text
        for part in q.text.split(" \u2026 "):
            assert part.rstrip(".") in story.article(q.support[0].article_id).text


def test_unbalanced_marks_and_bad_input_do_not_crash():
    story = story_of(
        '"We will be here tomorrow, and the day after that, union leader Helen Okafor said on the picket line.\n\n'
        'Fees will be refunded, the organisers said."\n\n'
        'A stray " mark and an opening \u201cthat never closes in this paragraph at all'
    )
    quotes = find_quotes(story)
    okafor = by_text(quotes, "here tomorrow")
    assert okafor.text == "We will be here tomorrow, and the day after that"
    assert okafor.speaker == "Helen Okafor"
    assert find_quotes(Story(id="empty", articles=[])) == []
    unsegmented = Article(id="x", source="X", text='"A quote with no sentences at all," she said.')
    assert find_quotes(Story(id="raw", articles=[unsegmented])) == []
    single = story_of("No quotation marks here at all. Just a plain report of the weather.")
    assert find_quotes(single) == []
    assert score_quotes(single, [])["fp"] == 0


def test_same_quote_tolerates_excerpts_but_not_other_quotes():
    full = normalized_tokens("The bridge stays closed until every beam has been checked.")
    assert same_quote(full, normalized_tokens("until every beam has been checked"))
    assert same_quote(normalized_tokens("They travelled a long way"), normalized_tokens("they traveled a long way!"))
    assert not same_quote(full, normalized_tokens("The school stays open until every pupil has left."))
    assert not same_quote(normalized_tokens("every beam"), full)  # too short to be an excerpt


def test_score_quotes_counts_speakers_and_sources():
    story = story_of('"The river rose faster than anyone expected," said Mayor Ana Ortiz.', sources=["Ledger"])
    gold = [
        {"text": "The river rose faster than anyone expected", "speaker": "Ana Ortiz", "sources": ["Ledger"], "variant": False},
        {"text": "A quote nobody printed in this story at all", "speaker": None, "sources": ["Ledger"], "variant": False},
    ]
    counts = score_quotes(story, gold)
    assert (counts["tp"], counts["fp"], counts["fn"]) == (1, 0, 1)
    assert (counts["speaker_correct"], counts["speaker_total"], counts["sources_correct"]) == (1, 1, 1)
    wrong = score_quotes(story, [dict(gold[0], speaker="Tom Reyes")])
    assert (wrong["speaker_correct"], wrong["speaker_total"]) == (0, 1)


def test_real_articles_speaker_precision(shared_data):
    counts = score_real_quotes(REAL_GOLD, shared_data, split="heldout")
    assert counts["speaker_precision"] >= 0.9
    assert counts["quote_recall"] >= 0.8 and counts["quote_precision"] >= 0.9


def test_entities_help_and_do_not_hurt(nlp):
    from newsdigest.analysis.ner import annotate_entities

    story = story_of(
        'Delegates gathered in San Miguel on Monday. Vice Mayor Alfredo Santillan spoke first.\n\n'
        '"In all my years, I have not seen a storm like this," he said.'
    )
    annotate_entities(story.articles, nlp)
    assert find_quotes(story)[0].speaker == "Alfredo Santillan"


def test_quote_merge_bounds_never_rule_out_a_possible_match():
    import random
    from collections import Counter

    from newsdigest.analysis.quotes.rules import MIN_QUOTE_WORDS, SAME_QUOTE_OVERLAP
    from newsdigest.analysis.quotes.merge import _could_match, _group_could_match

    def could_match_reference(a, b):
        common = sum((Counter(a) & Counter(b)).values())
        short = min(len(a), len(b))
        return a == b or (common >= MIN_QUOTE_WORDS and short > 0 and common / short >= SAME_QUOTE_OVERLAP)

    rng = random.Random(0)
    vocab = ["we", "will", "stay", "the", "plan", "is", "safe", "now", "not"]
    for _ in range(2000):
        a = [rng.choice(vocab) for _ in range(rng.randint(1, 9))]
        b = [rng.choice(vocab) for _ in range(rng.randint(1, 9))]
        expected = could_match_reference(a, b)
        assert _could_match(a, b) == expected
        assert _could_match(a, b, Counter(a), Counter(b)) == expected
        # The group bound: words of a found in b, each counted as often as a has it.
        bound = sum(n for w, n in Counter(a).items() if w in b)
        if expected:
            assert _group_could_match(len(a), bound, len(b))


# --- quotes split by their attribution ---------------------------------------------------------

ELLIPSIS = " \u2026 "


def verbatim_parts(quote, story) -> bool:
    """Each part of a joined quote is a verbatim piece of the article its first support cites."""
    text = story.article(quote.support[0].article_id).text
    return all(part in text for part in quote.text.split(ELLIPSIS))


def test_quote_split_by_its_attribution_is_one_entry():
    story = story_of(
        "Space weather forecaster Defne Ozkul briefed the operators on Tuesday. "
        '"During the storm," Ozkul said, "most operators will turn their satellites edgewise."'
    )
    quotes = find_quotes(story)
    assert [q.text for q in quotes] == ["During the storm," + ELLIPSIS + "most operators will turn their satellites edgewise."]
    assert quotes[0].speaker == "Defne Ozkul"
    assert verbatim_parts(quotes[0], story)
    # Support: the sentence that holds the opening mark (here the whole quote).
    support = quotes[0].support[0]
    assert story.article(support.article_id).sentences[support.sentence_index].text == support.text
    assert support.text.startswith('"During the storm,"') and "edgewise" in support.text


def test_split_quote_goes_on_after_the_attribution_sentence():
    story = story_of(
        "Harbour master Greta Lindqvist inspected the moorings before the gale.\n\n"
        '"We are ready," she said. "The crews have drilled this plan all winter."\n\n'
        '"Every pontoon has two lines now," said Lindqvist. "Nothing was left to chance."\n\n'
        '"The gale is slower than forecast," Lindqvist, the harbour master, said. "It should pass by midnight."\n\n'
        '"Boats should stay in port," she told reporters. "Even the ferries will wait."\n\n'
        '"Why take the risk?" Lindqvist asked. "The sea will be calm by Friday."\n\n'
        # British style: the comma outside the marks.
        '"The harbour is closed", Lindqvist said, "until the wind drops".'
    )
    quotes = find_quotes(story)
    assert [q.text for q in quotes] == [
        "We are ready," + ELLIPSIS + "The crews have drilled this plan all winter.",
        "Every pontoon has two lines now," + ELLIPSIS + "Nothing was left to chance.",
        "The gale is slower than forecast," + ELLIPSIS + "It should pass by midnight.",
        "Boats should stay in port," + ELLIPSIS + "Even the ferries will wait.",
        "Why take the risk?" + ELLIPSIS + "The sea will be calm by Friday.",
        "The harbour is closed" + ELLIPSIS + "until the wind drops",
    ]
    assert all(q.speaker == "Greta Lindqvist" for q in quotes)
    assert all(verbatim_parts(q, story) for q in quotes)
    # The support stays a real sentence of the article: the one with the opening mark.
    for q in quotes:
        s = q.support[0]
        assert story.article(s.article_id).sentences[s.sentence_index].text == s.text
        assert q.text.split(ELLIPSIS)[0] in s.text


def test_quotes_that_only_look_split_stay_apart():
    story = story_of(
        "Harbour master Greta Lindqvist and pilot Tomas Berg met the press on the quay.\n\n"
        # Different speakers: the second part has its own attribution.
        '"The moorings will hold tonight," Lindqvist said. "The tugs are standing by," Berg added.\n\n'
        # Same speaker, but the second part is attributed again.
        '"We checked every chain twice," Berg said. "Nobody cut corners this time," he added.\n\n'
        # More than an attribution between the parts.
        '"The insurance bill will be painful," Lindqvist said after the meeting, adding that costs rose. '
        '"We will pay it anyway."\n\n'
        # Another sentence between the parts.
        '"The lighthouse lamp failed at dawn," Berg said. The coast guard sent a crew. '
        '"It was working again by noon."\n\n'
        # A participle after the attribution tells something else.
        '"The fog will lift by noon," Berg said, smiling. "Then we sail for home."\n\n'
        # A mid-sentence quote after the attribution is not a continuation.
        '"The harbour reopens on Thursday," Lindqvist said, calling the plan "the only sensible option for the fleet".'
    )
    texts = [q.text for q in find_quotes(story)]
    assert not any(ELLIPSIS in t for t in texts), texts
    for fragment in ("moorings will hold", "tugs are standing", "every chain", "cut corners", "insurance bill",
                     "pay it anyway", "lamp failed", "working again", "fog will lift", "Then we sail", "reopens on Thursday"):
        assert sum(fragment in t for t in texts) == 1, (fragment, texts)


def test_split_quote_is_not_joined_across_paragraphs_or_unquoted_text():
    story = story_of(
        "Pilot Tomas Berg spoke after the storm.\n\n"
        '"The channel is clear of debris," Berg said.\n\n'
        '"Divers checked the whole fairway this morning."'
    )
    texts = [q.text for q in find_quotes(story)]
    assert texts == ["The channel is clear of debris", "Divers checked the whole fairway this morning."]


def test_split_quote_merges_across_outlets_and_partial_reports():
    split = (
        "Defne Ozkul warned satellite operators on Tuesday. "
        '"During the storm," Ozkul said, "most operators will turn their satellites edgewise."'
    )
    sentence_break = (
        "Defne Ozkul spoke at the conference. "
        '"During the storm," said Defne Ozkul. "Most operators will turn their satellites edgewise."'
    )
    whole = 'Defne Ozkul said: "During the storm most operators will turn their satellites edgewise."'
    part = 'Ozkul, a forecaster, said "most operators will turn their satellites edgewise" during storms.'
    changed = 'Defne Ozkul said "most operators will turn their spacecraft edgewise" when storms hit.'
    story = story_of(split, sentence_break, whole, part, changed, sources=["Orbit", "Wire", "Daily", "Radio", "Blog"])
    quotes = find_quotes(story)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.sources == ["Orbit", "Wire", "Daily", "Radio", "Blog"]
    assert q.speaker == "Defne Ozkul"
    assert q.text == "During the storm," + ELLIPSIS + "most operators will turn their satellites edgewise."
    # Where the attribution cuts the quote, and reporting only part of it, are not misquotes; a
    # changed word is.
    assert [(v.source, v.text) for v in q.variants] == [("Blog", "most operators will turn their spacecraft edgewise")]


def test_variant_in_the_second_part_of_an_unjoined_split_is_kept():
    joined = (
        "Race director Lena Marsh called off the race. "
        '"We planned this for a year," Marsh said. "But nobody should run a marathon in this heat."'
    )
    # A long aside between the parts: not joined, but its second part is still the same quote.
    apart = (
        '"We planned this for a year," race director Lena Marsh said in a video posted on the club website '
        'late on Friday. "But nobody should run a marathon in this kind of heat."'
    )
    quotes = find_quotes(story_of(joined, apart, sources=["Star", "Online"]))
    assert len(quotes) == 1
    q = quotes[0]
    assert q.sources == ["Star", "Online"]
    assert [(v.source, v.text) for v in q.variants] == [("Online", "But nobody should run a marathon in this kind of heat.")]


def test_joined_quote_merges_with_the_outlet_part_it_shares_most_with():
    # The first outlet prints the two parts as two quotes (the second is attributed again); the
    # second outlet's joined quote belongs with the longer part, where its changed word shows.
    apart = (
        "Mayor Ruth Okoye spoke after the ruling.\n\n"
        '"It saddens me deeply," Okoye said. "We have treated the contractor fairly and we reject any claim '
        'of a vendetta against the firm," she added.'
    )
    joined = (
        "Ruth Okoye spoke to reporters.\n\n"
        '"It saddens me deeply," Okoye said. "We have treated the contractor fairly and we reject any claim '
        'of a feud against the firm."'
    )
    quotes = find_quotes(story_of(apart, joined, sources=["Courier", "Wire"]))
    long = by_text(quotes, "against the firm")
    assert set(long.sources) == {"Courier", "Wire"} and long.speaker == "Ruth Okoye"
    wordings = [long.text] + [v.text for v in long.variants]
    assert len(wordings) == 2 and any("vendetta" in w for w in wordings) and any("feud" in w for w in wordings)


def test_a_longer_quote_is_not_swallowed_by_a_short_one_from_its_own_article():
    story = story_of(
        '"The death toll passed 300," the agency said.\n\n'
        'Officials said "the final death toll could climb well beyond 300 as rescuers reach the villages in the north."'
    )
    texts = [q.text for q in find_quotes(story)]
    assert any("passed 300" in t for t in texts) and any("villages in the north" in t for t in texts)


def test_a_part_cut_short_before_the_attribution_is_no_variant():
    full = 'Governor Lucia Ferraz spoke on Sunday. "I think of the state more than of myself," Ferraz said. "A stable budget helps everyone."'
    cut = 'Lucia Ferraz was calm. "I think of the state," Ferraz said. "A stable budget helps everyone."'
    quotes = find_quotes(story_of(full, cut, sources=["Post", "Times"]))
    assert len(quotes) == 1 and quotes[0].sources == ["Post", "Times"]
    assert quotes[0].variants == []  # the omission mark covers what the Times left out


SUMMIT = (
    "VALDORA - President Ana Ortiz of Marenia and Premier Lio Banh of Kestria, 35, met on Tuesday at the Grand "
    "Harbour hotel with Marenian Secretary of State Paul Whitlow.\n\n"
    "Cheerful Ortiz greeted Banh on the hotel steps. Earlier Ortiz had said the talks would be short.\n\n"
    '"We came here to make peace," the president told reporters.\n\n'
    'The 35-year-old reclusive leader said: "Kestria wants the sanctions lifted first."\n\n'
    'Secretary of State Whitlow spoke to the press after the meeting, saying: "There will be another round in the spring."\n\n'
    '"Nobody walked out of the room today," Whitlow said.\n\n'
    'Press secretary Dana Ruiz issued a statement on the talks. "The president is satisfied with the progress made," '
    "the press secretary said.\n\n"
    'The President\'s schedule said "a working lunch with the premier would follow at 1 p.m."\n\n'
    'Yet Ortiz was upbeat. She later added: "The door stays open."'
)


def test_descriptions_resolve_to_the_named_title_holder_and_things_never_speak():
    quotes = find_quotes(story_of(SUMMIT))
    assert by_text(quotes, "make peace").speaker == "Ana Ortiz"
    assert by_text(quotes, "sanctions lifted").speaker == "Lio Banh"  # 'the 35-year-old ... leader'
    assert by_text(quotes, "satisfied with the progress").speaker == "Dana Ruiz"  # not the president
    lunch = [q for q in quotes if "working lunch" in q.text]
    assert all(q.speaker is None for q in lunch)  # the schedule is no speaker


def test_glued_words_participles_and_bare_surnames():
    quotes = find_quotes(story_of(SUMMIT))
    assert by_text(quotes, "another round").speaker == "Paul Whitlow"  # '..., saying: "'
    assert by_text(quotes, "walked out").speaker == "Paul Whitlow"  # the fullest name
    assert by_text(quotes, "door stays open").speaker == "Ana Ortiz"  # not 'Yet Ortiz'


def test_unnamed_description_stays_a_description():
    quotes = find_quotes(story_of(
        "The talks ended without a deal.\n\n"
        '"We will try again," a government spokesman said.\n\n'
        '"Nothing was agreed," the minister said.'
    ))
    assert by_text(quotes, "try again").speaker == "a government spokesman"
    assert by_text(quotes, "Nothing was agreed").speaker == "the minister"


def test_more_reporting_verbs_phrasal_verbs_and_as_x_put_it():
    quotes = find_quotes(story_of(
        'Mayor Ana Ortiz spoke to the council on Monday. "The river keeps rising, right?" Ortiz went on, '
        'as if nobody had heard her. "But we will hold the line."\n\n'
        'Asked about the delay, engineer Tom Reyes shot back: "That would be good for all of us."\n\n'
        '"The pumps are too old to keep up," Mr. Reyes pointed out.\n\n'
        'As the Valley Ledger reported, "If the vote were held tonight, the levy would pass, and easily."\n\n'
        'As Dana Ruiz, a professor of hydrology, put it, "A city that builds on a flood plain will flood."'
    ))
    assert by_text(quotes, "keeps rising").speaker == "Ana Ortiz"
    assert by_text(quotes, "hold the line").speaker == "Ana Ortiz"
    assert by_text(quotes, "good for all of us").speaker == "Tom Reyes"
    assert by_text(quotes, "too old").speaker == "Tom Reyes"
    assert by_text(quotes, "levy would pass").speaker == "the Valley Ledger"
    assert by_text(quotes, "flood plain").speaker == "Dana Ruiz"


def test_inverted_verbs_and_the_sentence_subject_of_a_later_verb():
    quotes = find_quotes(story_of(
        '"Nobody has ever seen water this high," scoffed Nora Lind, 62, who has lived by the river for decades.\n\n'
        'The old mill was shut. Said Paul Whitlow, who grew up beside it, "We were all so proud of that place."\n\n'
        'When asked whom she backed, Ms. Dana Ruiz smiled and said, "I am waiting for the governor to decide."\n\n'
        'Senator Tom Reyes deflected questions about the budget before saying, "It is time to stop the attacks."\n\n'
        'Senator Tom Reyes praised Mayor Ana Ortiz, who then said, "This is a good day for the whole valley."\n\n'
        'Signs point the other way: "Water levels will fall within a week or two."'
    ))
    assert by_text(quotes, "this high").speaker == "Nora Lind"
    assert by_text(quotes, "so proud").speaker == "Paul Whitlow"
    assert by_text(quotes, "waiting for the governor").speaker == "Dana Ruiz"
    assert by_text(quotes, "stop the attacks").speaker == "Tom Reyes"
    # A verb inside a relative clause has a subject of its own; a plain word is no speaker.
    assert by_text(quotes, "good day").speaker in (None, "Ana Ortiz")
    assert by_text(quotes, "Water levels").speaker is None


def test_attribution_without_its_comma_and_a_long_closing_attribution_carries_over():
    quotes = find_quotes(story_of(
        '"The caucus is a battle of small groups" Ana Ortiz said. "Farmers are a very strong group here."\n\n'
        '"We like a lot of the candidates, some more than others," Tom Reyes said during an interview in '
        'Macau, ahead of the opening of his new hotel in the harbour district.\n\n'
        '"It is changing every day. Out of 14 candidates, 41 percent is unheard of."'
    ))
    assert by_text(quotes, "battle of small groups").speaker == "Ana Ortiz"
    assert by_text(quotes, "strong group").speaker == "Ana Ortiz"
    assert by_text(quotes, "changing every day").speaker == "Tom Reyes"


def test_pronoun_prefers_the_previous_speaker_and_follows_a_pronoun_subject():
    quotes = find_quotes(story_of(
        'Mayor Ana Ortiz opened the meeting. The levy, Councilman Tom Reyes said, has created a crisis. '
        '"So afterwards, the residents felt cheated," he said.\n\n'
        'Mr. Paul Whitlow eased his tone on Monday. Asked who leads the council, he said Mr. Reyes. '
        '"I would say Tom for the time being," he said.\n\n'
        '"We will resist the urge to cut the budget,\'\' Mr. Whitlow said at the briefing. But he added, '
        '\'\'We do not want a deficit either.\'\'\n\n'
        'The Pulitzer Prize-winning author Nora Lind wrote a letter to the council. '
        '"As a newcomer among newcomers, I am worried," she wrote.'
    ))
    assert by_text(quotes, "felt cheated").speaker == "Tom Reyes"
    assert by_text(quotes, "for the time being").speaker == "Paul Whitlow"
    assert by_text(quotes, "deficit either").speaker == "Paul Whitlow"
    assert by_text(quotes, "I am worried").speaker == "Nora Lind"


def test_a_capitalised_chant_with_lower_case_words_is_no_title():
    quotes = find_quotes(story_of(
        'Outside the hall, the protesters chanted "Ana Ortiz: Bad for Riverton, bad for you." '
        'Inside, the band played "Songs From the Valley Floor" for an hour.'
    ))
    assert any("bad for you" in q.text for q in quotes)
    assert not any("Valley Floor" in q.text for q in quotes)


def test_a_participle_after_a_comma_takes_the_main_clause_subject():
    quotes = find_quotes(story_of(
        'Communications aide Dana Ruiz spoke first. The communications aide also took a shot at the mayor '
        'and the first lady, writing "your parents do not respect their positions."\n\n'
        'Senator Tom Reyes also attacked Mayor Ana Ortiz and Councilman Paul Whitlow, saying "they have '
        'failed this city for years."\n\n'
        'Nora Lind met the mayor, Ana Ortiz, on Monday, telling reporters: "We have agreed to share the '
        'cost of the new bridge."\n\n'
        'Mr. Whitlow praised Ortiz, who then criticized Lind, saying "she has never built a thing here."\n\n'
        'Tom Whitlow\'s son, Carl, defended his father on Facebook, saying: "He has made great strides in '
        'the last few years."'
    ))
    assert by_text(quotes, "great strides").speaker == "Carl"
    # Never an object of the main clause; a description subject is the person it stands for.
    assert by_text(quotes, "respect their positions").speaker == "Dana Ruiz"
    assert by_text(quotes, "failed this city").speaker == "Tom Reyes"
    assert by_text(quotes, "share the cost").speaker == "Nora Lind"
    # A relative clause in between has a subject of its own: unclear, so no guess.
    assert by_text(quotes, "never built").speaker in (None, "Ana Ortiz")


def test_short_quotes_said_chanted_or_called_are_kept():
    quotes = find_quotes(story_of(
        'Hundreds of protesters gathered outside, holding signs and chanting "Dump Reyes." Mr. Ortiz roused '
        'the crowd to spontaneous chants of "Lock him up!" Marchers were chanting "We are Riverton" and '
        '"Stop the levy." Paul Whitlow ran on the slogan "Experience Counts" in 1990.\n\n'
        'Tom Reyes called it "a disaster." Ana Ortiz described the plan as "dead on arrival." Whitlow dubbed '
        'him "Soggy Tom." The new plan is called "Fair Deal" by its backers. A local band called "The Levees" '
        'played. Nora Lind called Ortiz\'s plans to build a $1.6 billion dam "a joke."'
    ))
    for said in ("Dump Reyes", "Lock him up", "We are Riverton", "Stop the levy", "Experience Counts"):
        assert any(said in q.text for q in quotes), said
    assert by_text(quotes, "a disaster").speaker == "Tom Reyes"
    assert by_text(quotes, "dead on arrival").speaker == "Ana Ortiz"
    assert by_text(quotes, "Soggy Tom").speaker == "Paul Whitlow"
    # A name given to a thing, or a short quote far from its verb, stays a term.
    for term in ("Fair Deal", "The Levees", "a joke"):
        assert not any(term in q.text for q in quotes), term


def test_pronoun_after_according_to_and_a_family_name_that_is_a_title_word():
    quotes = find_quotes(story_of(
        'Billie Jean King watched the final with Tom Reyes. "It was the best match I have seen in years," '
        'she said.\n\n'
        'Tom Reyes met the press. According to Florida consultant Paul Whitlow, the official line on the levy '
        'is silly. "This is them pretending there is no trouble at all," he said.'
    ))
    # 'King' is her family name, no male title.
    assert by_text(quotes, "best match").speaker == "Billie Jean King"
    # 'According to X, ...' gives X's words: X is that sentence's speaker.
    assert by_text(quotes, "no trouble at all").speaker == "Paul Whitlow"


def test_participle_subject_past_a_pronoun_a_parenthesis_or_a_quoted_name():
    quotes = find_quotes(story_of(
        'Tom Reyes spoke first. On Friday, he joined other members in pouncing on news that Ana Ortiz had lost '
        'the vote, saying in a post on Twitter: "The new count is a disaster for the mayor."\n\n'
        'In a statement released Thursday, Rep. Hana Ito (D-Ohio) reacted to the news, saying: "This is a sad '
        'day for the whole valley."\n\n'
        'Later on Sunday, Paul Whitlow shared a syllabus for a class called "Perception" on his Facebook page, '
        'writing "Allow me to do the research for the reporter who asked."'
    ))
    assert by_text(quotes, "disaster for the mayor").speaker == "Tom Reyes"
    assert by_text(quotes, "sad day").speaker == "Hana Ito"
    assert by_text(quotes, "do the research").speaker == "Paul Whitlow"


def test_a_short_quote_inside_a_quote_with_double_marks_stays_inside():
    quotes = find_quotes(story_of(
        'At one point, Tom Reyes tweeted, "Reporting that the gunman shouted "Go home now!" as he fired at '
        'the crowd." This was not true.\n\n'
        'Ana Ortiz wrote: \u201cPeople behind the mayor wearing \u201cSettle For Reyes\u201d shirts at her event '
        'in Riverton. Ouch.\u201d\n\n'
        '"A stray quote here, Nora Lind said. "Then a full one," she said, and a stray close mark" ends it.'
    ))
    assert by_text(quotes, "as he fired at the crowd").speaker == "Tom Reyes"
    assert "Go home now!" in by_text(quotes, "as he fired").text
    assert by_text(quotes, "Settle For Reyes").speaker == "Ana Ortiz"
    assert "Ouch." in by_text(quotes, "Settle For Reyes").text
    # A quote opening a sentence is no quote inside the open one: that one was left unclosed.
    assert by_text(quotes, "Then a full one").text == "Then a full one"


def test_auxiliary_and_infinitive_attributions():
    quotes = find_quotes(story_of(
        'Mayor Ana Ortiz will speak on Monday. "We will never raise the levy again," the mayor is expected to '
        'say.\n\n'
        '"The bridge will open in May," Ortiz has repeatedly said.\n\n'
        'Councilman Tom Reyes spoke next. "The river is rising every single year," he had said in March.\n\n'
        '"We knew the risks all along and did nothing," she would later say.'
    ))
    assert by_text(quotes, "raise the levy").speaker == "Ana Ortiz"
    assert by_text(quotes, "open in May").speaker == "Ana Ortiz"
    assert by_text(quotes, "river is rising").speaker == "Tom Reyes"
    assert by_text(quotes, "knew the risks").speaker == "Ana Ortiz"


def test_a_name_alone_before_a_colon_introduces_its_words():
    quotes = find_quotes(story_of(
        'Polls shifted late in the race, as Ana Ortiz and Tom Reyes both noted. Pollsters agree - Ana Ortiz: '
        '"One of the best ways to read the race is to look at the farmers." Reyes: "The mission is to win '
        'the valley, not to contain the damage."\n\n'
        'Note: "This story has been updated with new numbers from the county."'
    ))
    assert by_text(quotes, "read the race").speaker == "Ana Ortiz"
    assert by_text(quotes, "win the valley").speaker == "Tom Reyes"
    # A one-word label the article never uses as a name is no speaker.
    assert by_text(quotes, "has been updated").speaker is None


def test_a_one_word_name_before_an_adverb_and_a_reporting_verb_is_a_person():
    quotes = find_quotes(story_of(
        'Donald Reyes picked the other team in an interview on Sunday. Cruz openly admitted that his pick was '
        'politically motivated. "With an eye to the next primary, Carolina," he said.'
    ))
    assert by_text(quotes, "next primary").speaker == "Cruz"


def test_an_owners_statement_speaks_for_its_owner():
    quotes = find_quotes(story_of(
        'Councillor Ines Calder apologized on Tuesday for her remarks about the harbor workers. '
        'Ms. Calder\u2019s apology said her parents spent their youth "loading ships and mending nets." '
        'The mayor, Tom Reyes, said he accepted it.\n\n'
        'The mayor\u2019s letter to the council said: "The matter is closed for good and we move on."\n\n'
        'The councillor\u2019s schedule listed a visit to "the old dock."'
    ))
    assert by_text(quotes, "mending nets").speaker == "Ines Calder"
    assert by_text(quotes, "closed for good").speaker == "Tom Reyes"
    # A schedule is a thing, not its owner's words.
    found = [q for q in quotes if "old dock" in q.text]
    assert not found or found[0].speaker is None


def test_a_reporting_verb_in_a_relative_clause_does_not_take_a_later_quote():
    quotes = find_quotes(story_of(
        'The harbor board said in a statement that it could not tell whether the leak was the cause of the '
        'smell that the divers reported near the pier, or whether it was "merely a sign of something else '
        'going on under the docks."'
    ))
    assert by_text(quotes, "merely a sign").speaker.lower() == "the harbor board"


def test_a_relative_clause_verb_keeps_its_own_quote():
    quotes = find_quotes(story_of(
        'Councillor Ines Calder opened the meeting on Monday. The harbor office posted a long thread on '
        'Saturday in which she described the harbor plan as "a gift to developers and nobody else".'
    ))
    assert by_text(quotes, "a gift to developers").speaker == "Ines Calder"


def test_a_pull_quote_gives_way_to_the_attributed_quote_in_the_body():
    # A pull quote printed before the body gives the quote again without a speaker: the article's
    # entry is the body's attributed quote (its speaker, its sentence as the support).
    quotes = find_quotes(story_of(
        'The council met on Monday to vote on the new library.\n\n'
        '"Every family in this city deserves a library within walking distance."\n\n'
        'Mayor Ana Ortiz opened the meeting with a short speech about the reading rooms.\n\n'
        '"Every family in this city deserves a library within walking distance," Ortiz said.'
    ))
    q = by_text(quotes, "within walking distance")
    assert q.speaker == "Ana Ortiz"
    assert "Ortiz said" in q.support[0].text
    # The other way round (attributed first, repeated later without a speaker) keeps the first.
    quotes = find_quotes(story_of(
        'Mayor Ana Ortiz opened the meeting on Monday.\n\n'
        '"Every family in this city deserves a library within walking distance," Ortiz said.\n\n'
        'The vote was close.\n\n'
        '"Every family in this city deserves a library within walking distance."'
    ))
    q = by_text(quotes, "within walking distance")
    assert q.speaker == "Ana Ortiz" and "Ortiz said" in q.support[0].text
    # An attributed excerpt does not replace a longer unattributed quote.
    quotes = find_quotes(story_of(
        'The poster read: "Every family in this city deserves a library within walking distance, and '
        'every child deserves a librarian who knows their name, and every street deserves a bench."\n\n'
        'Mayor Ana Ortiz said families "deserve a library within walking distance" of their homes.'
    ))
    assert any("every street deserves a bench" in q.text for q in quotes)


def test_an_excerpt_told_with_no_speaker_gives_way_to_the_attributed_quote():
    # The lead gives a short excerpt whose attribution names nobody; the body gives the whole
    # sentence with its speaker: one entry, the body's, with the speaker. (An unresolved
    # description, 'the top Republican on the committee', stays a speaker of its own: it may be
    # someone else.)
    quotes = find_quotes(story_of(
        'The plan drew fire from a senior lawmaker, who labeled it the "wrong move at the wrong time."\n\n'
        'Council member Ana Ortiz said the harbor fund could wait, but "that said, this is the wrong '
        'move at the wrong time."'
    ))
    entries = [q for q in quotes if "wrong move at the wrong time" in q.text]
    assert len(entries) == 1
    assert entries[0].speaker == "Ana Ortiz" and "that said" in entries[0].text
