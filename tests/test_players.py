import json
from pathlib import Path

import pytest

from newsdigest.model import Article, Entity, Sentence, Story
from newsdigest.analysis.players import clean_name, key_players
from newsdigest.eval.scorers.players import score_key_players

from conftest import gold_clusters_of, make_story

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "players.jsonl"
KINDS = {"person", "organization", "place"}


@pytest.fixture(scope="module")
def gold_clusters(nlp):
    return gold_clusters_of(GOLD, nlp)


def by_name(players):
    return {p.name: p for p in players}


def hand_tagged(source: str, sentences: list[tuple[str, list[tuple[str, str]]]], article_id: str | None = None) -> Article:
    """An article with entities given by hand (text, label), so tests do not depend on the model."""
    aid = article_id or source.lower().replace(" ", "-")
    article = Article(id=aid, source=source, text=" ".join(t for t, _ in sentences))
    for i, (text, ents) in enumerate(sentences):
        article.sentences.append(Sentence(aid, i, 0, text))
        for ent, label in ents:
            start = text.index(ent)
            article.entities.append(Entity(aid, i, start, start + len(ent), ent, label))
    return article


# --- cleaning -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("Environment Minister Tomas Ferreira", "person", "Tomas Ferreira"),
        ("Ms Varga", "person", "Varga"),
        ("Dr. Samuel Okafor", "person", "Samuel Okafor"),
        ("Fire Chief Maria Delgado", "person", "Maria Delgado"),
        ("Tom Whitfield's", "person", "Tom Whitfield"),
        ("the Orrin River", "place", "Orrin River"),
        ("Kestrel Mining Corp.", "organization", "Kestrel Mining Corp."),
        ("Mayor", "person", "Mayor"),  # nothing left to call a name: kept, and dropped later as noise
    ],
)
def test_clean_name(text, kind, expected):
    assert clean_name(text, kind) == expected


# --- the gold clusters ----------------------------------------------------------------------------


def test_gold_precision_and_recall(gold_clusters):
    total = {"tp": 0, "fp": 0, "fn": 0, "name_tp": 0, "kind_correct": 0}
    for cluster, story in gold_clusters:
        counts = score_key_players(story, cluster["gold"]["key_players"])
        assert all(isinstance(v, int) for v in counts.values())
        for k in total:
            total[k] += counts[k]
    assert total["tp"] / (total["tp"] + total["fp"]) >= 0.9, total
    assert total["tp"] / (total["tp"] + total["fn"]) >= 0.9, total


def test_title_and_surname_variants_are_one_player(gold_clusters):
    _, story = gold_clusters[0]
    players = by_name(key_players(story))
    varga = players["Elena Varga"]
    assert varga.kind == "person"
    assert varga.sources == ["Marrow Bay Tribune", "Northshore Ledger", "Radio Kestrel"]
    assert {"Varga", "Ms Varga"} <= set(varga.aliases)
    assert not any(name in players for name in ("Varga", "Ms Varga", "Mayor Varga"))
    # Ranked first: the only person all three outlets mention.
    assert key_players(story)[0].name in {"Elena Varga", "Corvell Bridge"}


def test_credits_outlets_and_one_off_mentions_are_not_players(gold_clusters):
    _, story = gold_clusters[0]
    names = set(by_name(key_players(story)))
    assert "Tom Reyes" not in names  # "Tom Reyes of the Northshore Ledger contributed to this report."
    assert "Northshore Ledger" not in names
    assert "Dana Whitlock" not in names  # once, by one outlet, in a three-outlet story
    assert "Marrow Bay University" not in names
    _, strike = gold_clusters[1]
    assert "Valley Monitor" not in set(by_name(key_players(strike)))  # "told the Valley Monitor"


def test_two_people_with_one_surname_stay_apart(gold_clusters):
    _, story = gold_clusters[1]
    players = by_name(key_players(story))
    assert players["Maren Doyle"].sources == ["Ferndale Post", "Valley Monitor", "The Quarry Weekly"]
    assert players["Patrick Doyle"].sources == ["Ferndale Post", "Valley Monitor"]
    # "Doyle said teachers last received a raise" follows Maren Doyle's introduction in the Post.
    assert players["Maren Doyle"].mentions >= 4
    assert "Doyle" not in players


def test_organisation_forms_merge_to_the_fullest(gold_clusters):
    _, story = gold_clusters[2]
    players = by_name(key_players(story))
    kestrel = players["Kestrel Mining Corporation"]
    assert kestrel.kind == "organization"
    assert len(kestrel.sources) == 3
    assert players["Orrin River"].kind == "place"


# --- rules on hand-tagged stories -----------------------------------------------------------------


def test_acronyms_and_short_forms_join_the_full_name():
    a = hand_tagged("Wire", [
        ("The United States said it would help.", [("The United States", "GPE")]),
        ("U.S. officials arrived on Monday.", [("U.S.", "GPE")]),
        ("The Marrow Bay Transit Authority closed the bridge.", [("The Marrow Bay Transit Authority", "ORG")]),
        ("The MBTA said repairs would take weeks.", [("MBTA", "ORG")]),
        ("Brightline Logistics owns the warehouse.", [("Brightline Logistics", "ORG")]),
        ("A Brightline spokesman declined to comment.", [("Brightline", "ORG")]),
    ])
    players = by_name(key_players(Story(id="s", articles=[a])))
    assert players["United States"].mentions == 2 and players["United States"].kind == "place"
    assert players["Marrow Bay Transit Authority"].mentions == 2
    assert players["Brightline Logistics"].mentions == 2
    assert not {"U.S.", "MBTA", "Brightline"} & set(players)


def test_ner_noise_is_dropped_and_kind_is_repaired():
    a = hand_tagged("Courier", [
        ("Critics slammed the plan on Tuesday.", [("Critics", "ORG"), ("Tuesday", "ORG")]),
        ("The critics were loud.", []),
        ("Anglers in Lanford saw dead fish.", [("Lanford", "PERSON")]),
        ("Lanford residents were told to boil water.", [("Lanford", "GPE")]),
        ("Water in Lanford is safe again.", [("Lanford", "GPE")]),
        ("Osama bin Laden was indicted.", [("Osama bin Laden", "PERSON")]),
        ("Bin Laden denied it.", [("Bin Laden", "PERSON")]),
        ("The Corvell Bridge is shut.", [("The Corvell Bridge", "ORG")]),
        ("Drivers avoid the Corvell Bridge.", [("the Corvell Bridge", "ORG")]),
        ("Smoke drifted over the Eastgate neighborhood.", [("Eastgate", "ORG")]),
        ("Eastgate residents kept their windows shut.", [("Eastgate", "ORG")]),
    ])
    players = by_name(key_players(Story(id="s", articles=[a])))
    assert "Critics" not in players and "Tuesday" not in players
    assert players["Lanford"].kind == "place"
    assert players["Osama bin Laden"].mentions == 2 and "Bin Laden" not in players
    assert players["Corvell Bridge"].kind == "place"
    assert players["Eastgate"].kind == "place"


def test_missed_mentions_are_found_by_name():
    a = hand_tagged("Ledger", [
        ("Dr. Samuel Okafor studied the bridge.", [("Samuel Okafor", "PERSON")]),
        ("Okafor said the crack was old.", []),  # the model missed it
    ])
    b = hand_tagged("Tribune", [("Engineers agreed with Okafor on Friday.", [])])
    players = by_name(key_players(Story(id="s", articles=[a, b])))
    assert players["Samuel Okafor"].mentions == 3
    assert players["Samuel Okafor"].sources == ["Ledger", "Tribune"]


def test_ranking_cap_and_singletons():
    a = hand_tagged("A", [("Ana Ortiz met Luis Vega and Rosa Diaz.", [("Ana Ortiz", "PERSON"), ("Luis Vega", "PERSON"), ("Rosa Diaz", "PERSON")]),
                          ("Ortiz and Vega spoke.", [("Ortiz", "PERSON"), ("Vega", "PERSON")])])
    b = hand_tagged("B", [("Mayor Ortiz spoke.", [("Ortiz", "PERSON")])])
    story = Story(id="s", articles=[a, b])
    players = key_players(story)
    assert [p.name for p in players] == ["Ana Ortiz", "Luis Vega"]  # Rosa Diaz: once, one outlet
    assert players[0].sources == ["A", "B"] and players[0].mentions == 3
    assert [p.name for p in key_players(story, limit=1)] == ["Ana Ortiz"]
    assert key_players(story, limit=0) == []
    # One outlet alone: a single mention is all there is, so it stays.
    single = key_players(Story(id="s1", articles=[hand_tagged("A", [("Rosa Diaz resigned.", [("Rosa Diaz", "PERSON")])])]))
    assert [p.name for p in single] == ["Rosa Diaz"]


def test_copies_do_not_outrank_independent_outlets():
    original = hand_tagged("Wire", [("Ana Ortiz resigned.", [("Ana Ortiz", "PERSON")])], "w")
    copy = hand_tagged("Reprint", [("Ana Ortiz resigned.", [("Ana Ortiz", "PERSON")])], "r")
    copy.duplicate_of = "w"
    other = hand_tagged("Post", [("Luis Vega resigned.", [("Luis Vega", "PERSON")]), ("Vega left.", [("Vega", "PERSON")])], "p")
    other2 = hand_tagged("Ledger", [("Luis Vega quit.", [("Luis Vega", "PERSON")])], "l")
    players = key_players(Story(id="s", articles=[original, copy, other, other2]))
    assert [p.name for p in players][:1] == ["Luis Vega"]
    ortiz = by_name(players)["Ana Ortiz"]
    assert ortiz.sources == ["Wire", "Reprint"]


def test_degraded_inputs_give_empty_results_not_errors(nlp):
    assert key_players(Story(id="empty", articles=[])) == []
    no_entities = Story(id="n", articles=[Article(id="a", source="A", text="nothing here")])
    assert key_players(no_entities) == []
    odd = make_story([{"id": "x", "source": "X", "text": '"Unbalanced quote by Ana Ortiz. «Ortiz» — 2024 —'}], nlp)
    assert all(p.kind in KINDS for p in key_players(odd))


def test_duc_cluster_players_are_sane(shared_data, nlp):
    line = (shared_data / "duc2003.jsonl").open(encoding="utf-8").readline()
    story = make_story(json.loads(line)["articles"], nlp)
    players = key_players(story)
    assert 5 <= len(players) <= 15
    assert all(p.kind in KINDS and p.mentions >= 2 for p in players)
    counts = [len(set(p.sources)) for p in players]
    assert counts == sorted(counts, reverse=True)
    names = [p.name.lower() for p in players]
    assert len(names) == len(set(names))
    assert not any(n in {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} for n in names)


def test_forms_pattern_matches_like_a_flat_alternation():
    import random
    import re

    from newsdigest.analysis.players import _forms_pattern

    forms = ["Ana Ortiz", "Ortiz", "Ana", "Aname", "Oslo Police", "Oslo", "al-Hawamdi", "UN", "U.N.", "Bill", "Billy"]
    flat = re.compile(
        r"(?<![\w'’-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])"
    )
    grouped = _forms_pattern(forms)
    rng = random.Random(0)
    pieces = forms + ["said", "the", "-", "'s", ",", "Ana-", "Ortiz-Lopez", "Osloers", "x"]
    for _ in range(300):
        text = " ".join(rng.choice(pieces) for _ in range(12)).replace(" ,", ",").replace(" 's", "'s")
        assert [(m.start(), m.group()) for m in grouped.finditer(text)] == [
            (m.start(), m.group()) for m in flat.finditer(text)
        ], text


def test_glued_adjectives_and_adverbs_join_the_person_and_fragments_are_dropped():
    a = hand_tagged("Wire", [
        ("President Ana Ortiz met Premier Lio Banh.", [("Ana Ortiz", "PERSON"), ("Lio Banh", "PERSON")]),
        ("Cheerful Ortiz greeted Banh.", [("Cheerful Ortiz", "PERSON"), ("Banh", "PERSON")]),
        ("Earlier Ortiz had spoken to Mayor Ortiz's staff.", [("Earlier Ortiz", "PERSON"), ("Mayor Ortiz", "PERSON")]),
        ("Yet Ortiz smiled.", [("Yet Ortiz", "PERSON")]),
        ("Secretary of State Paul Whitlow joined them.", [("State", "ORG"), ("Paul Whitlow", "PERSON")]),
        ("Secretary of State Whitlow left early.", [("State", "ORG"), ("Whitlow", "PERSON")]),
        ("North Korea was not invited.", [("North Korea", "GPE")]),
        ("Officials from North Korea stayed away.", [("Korea", "GPE")]),
    ])
    players = by_name(key_players(Story(id="s", articles=[a])))
    assert players["Ana Ortiz"].mentions == 5 and players["Ana Ortiz"].kind == "person"
    assert not {"Cheerful Ortiz", "Earlier Ortiz", "Yet Ortiz", "Ortiz"} & set(players)
    assert "State" not in players and "Korea" not in players
    assert players["North Korea"].mentions == 2 and players["North Korea"].kind == "place"
    assert players["Paul Whitlow"].mentions == 2


def test_a_son_with_a_generational_suffix_is_not_his_father():
    a = hand_tagged("Wire", [
        ("Mayor Arlo Penn signed the order on Friday.", [("Arlo Penn", "PERSON")]),
        ("Penn said the order would stand.", [("Penn", "PERSON")]),
        ("His son, Arlo Penn Jr., posted a photo of the harbor.", [("Arlo Penn Jr.", "PERSON")]),
        ("Critics said Penn had acted alone.", [("Penn", "PERSON")]),
    ])
    b = hand_tagged("Herald", [
        ("Penn defended the order on Saturday.", [("Penn", "PERSON")]),
        ("Arlo Penn Jr. did not comment.", [("Arlo Penn Jr.", "PERSON")]),
    ], article_id="b")
    players = by_name(key_players(Story(id="s", articles=[a, b])))
    assert players["Arlo Penn"].mentions == 4
    assert players["Arlo Penn Jr."].mentions == 2


def test_a_social_platform_tagged_as_a_person_is_an_organization():
    a = hand_tagged("Wire", [
        ("Mayor Arlo Penn wrote on Twitter that the bridge would reopen.", [("Arlo Penn", "PERSON"), ("Twitter", "PERSON")]),
        ("Penn later repeated the promise on Twitter.", [("Penn", "PERSON"), ("Twitter", "PERSON")]),
    ])
    b = hand_tagged("Herald", [
        ("The mayor's Twitter post drew hundreds of replies.", [("Twitter", "PERSON")]),
    ], article_id="b")
    players = by_name(key_players(Story(id="s", articles=[a, b])))
    assert players["Twitter"].kind == "organization"
    assert players["Arlo Penn"].kind == "person"


def test_a_building_named_after_a_person_is_a_place():
    a = hand_tagged("Wire", [
        ("Arlo Penn wanted to build a Penn Tower in the capital.", [("Arlo Penn", "PERSON"), ("Penn Tower", "PERSON")]),
        ("Talks on the Penn Tower ended in January.", [("Penn Tower", "PERSON")]),
        ("Penn said the talks ended early.", [("Penn", "PERSON")]),
    ])
    players = by_name(key_players(Story(id="s", articles=[a])))
    assert players["Penn Tower"].kind == "place"
    assert players["Arlo Penn"].kind == "person" and players["Arlo Penn"].mentions == 2


def test_time_zones_party_tags_and_bracketed_fragments_are_not_players():
    # Real-data review: "15:00 BST" gave a "BST" organisation, "(R-Ky.)" a "Ky." place, and an
    # editor's "[I]t" a person.
    a = hand_tagged("Daily Planet", [
        ("Sen. Ann Cole (R-Ky.) spoke at 15:00 BST in Harlow.", [("Ann Cole", "PERSON"), ("Ky.", "GPE"), ("BST", "ORG"), ("Harlow", "GPE")]),
        ("Rep. Joe Hale, D-Ore., replied at 16:30 BST in Harlow.", [("Joe Hale", "PERSON"), ("Ore.", "GPE"), ("BST", "ORG"), ("Harlow", "GPE")]),
        ("\"[I]t was a fair vote,\" Cole said of the Harlow count.", [("I]t", "PERSON"), ("Cole", "PERSON"), ("Harlow", "GPE")]),
    ])
    b = hand_tagged("Morning Star", [
        ("Ann Cole (R., Ky.) and Joe Hale met in Harlow.", [("Ann Cole", "PERSON"), ("Ky.", "GPE"), ("Joe Hale", "PERSON"), ("Harlow", "GPE")]),
    ])
    names = by_name(key_players(Story(id="s", articles=[a, b])))
    assert {"Ann Cole", "Joe Hale", "Harlow"} <= set(names)
    assert not {"Ky.", "Ore.", "BST", "I]t"} & set(names), sorted(names)


def test_a_full_name_mostly_tagged_as_a_place_is_a_place():
    # "United States" tagged PERSON once and GPE three times was listed as a person.
    a = hand_tagged("Daily Planet", [
        ("The Northland Republic sent aid.", [("Northland Republic", "GPE")]),
        ("Aid from the Northland Republic arrived.", [("Northland Republic", "PERSON")]),
    ])
    b = hand_tagged("Morning Star", [
        ("The Northland Republic pledged more.", [("Northland Republic", "GPE")]),
        ("Officials in the Northland Republic agreed.", [("Northland Republic", "GPE")]),
    ])
    names = by_name(key_players(Story(id="s", articles=[a, b])))
    assert names["Northland Republic"].kind == "place"


def test_a_nickname_and_the_formal_name_are_one_person():
    a = hand_tagged("Wire", [
        ("Mike Ellery announced his run for mayor on Monday.", [("Mike Ellery", "PERSON")]),
        ("Ellery spoke for an hour.", [("Ellery", "PERSON")]),
    ])
    b = hand_tagged("Herald", [
        ("Michael R. Ellery, a former councillor, will run for mayor.", [("Michael R. Ellery", "PERSON")]),
        ("Bob Ellery, his brother, will manage the campaign.", [("Bob Ellery", "PERSON")]),
        ("Ellery is the favourite.", [("Ellery", "PERSON")]),
    ], article_id="b")
    players = by_name(key_players(Story(id="s", articles=[a, b])))
    assert "Mike Ellery" not in players
    assert players["Michael R. Ellery"].mentions == 3, players
    assert "Bob Ellery" in players  # a nickname of another name: another person


def test_an_organisation_shortened_to_its_last_word_joins_the_full_name():
    a = hand_tagged("Wire", [
        ("The Harbour Post first reported the plan on Monday.", [("The Harbour Post", "ORG")]),
        ("The Post said the pier would close.", [("Post", "ORG")]),
        ("Mayor Ana Ortiz told the Post she was surprised.", [("Ana Ortiz", "PERSON"), ("Post", "ORG")]),
    ])
    b = hand_tagged("Herald", [
        ("The Harbour Post reported the plan first.", [("The Harbour Post", "ORG")]),
        ("Ortiz spoke to reporters.", [("Ortiz", "PERSON")]),
    ], article_id="b")
    players = by_name(key_players(Story(id="s", articles=[a, b])))
    assert "Post" not in players and players["Harbour Post"].mentions == 4


def test_a_fragment_of_a_longer_name_joins_the_shortest_name_it_begins():
    # "Tour" begins both "Tour de France" and "Tour de France Prologue", which is one name told
    # more or less fully: it joins the shorter.
    a = hand_tagged("Wire", [
        ("Riders reached Paris at the end of the Tour de France on Sunday.", [("Tour de France", "ORG")]),
        ("The Tour de France Prologue was held in Lyon.", [("Tour de France Prologue", "ORG"), ("Lyon", "GPE")]),
        ("The Tour said Lina Berg had won.", [("Tour", "ORG"), ("Lina Berg", "PERSON")]),
        ("Berg thanked the Tour staff.", [("Berg", "PERSON"), ("Tour", "ORG")]),
    ])
    players = by_name(key_players(Story(id="s", articles=[a])))
    assert "Tour" not in players
    assert players["Tour de France"].mentions >= 3 and "Tour" in players["Tour de France"].aliases


def test_a_word_used_on_its_own_far_more_than_a_longer_name_is_a_name_of_its_own():
    # "House" is the House, not the "House Rules Committee" nor the "White House"; "Medicare" is
    # not the "Medicare Trust Fund" it begins.
    sentences = [("The House passed the bill.", [("House", "ORG")])] * 3 + [
        ("The House Rules Committee met first.", [("The House Rules Committee", "ORG")]),
        ("The White House praised the vote.", [("The White House", "ORG")]),
        ("Medicare pays for it, and Medicare will grow.", [("Medicare", "ORG")]),
        ("Medicare costs rose.", [("Medicare", "ORG")]),
        ("Medicare is popular.", [("Medicare", "ORG")]),
        ("The Medicare Trust Fund is short.", [("The Medicare Trust Fund", "ORG")]),
    ]
    a = hand_tagged("Wire", sentences)
    b = hand_tagged("Herald", sentences, article_id="b")
    players = by_name(key_players(Story(id="s", articles=[a, b])))
    assert players["House"].kind == "organization" and not players["House"].aliases
    assert "House" not in players["White House"].aliases
    assert "Medicare" in players and "Medicare" not in players["Medicare Trust Fund"].aliases
    # ... but a name shortened to the word before its "of" stays one ("House of Representatives").
    c = hand_tagged("Wire", [("The House of Representatives voted.", [("The House of Representatives", "ORG")])]
                    + [("The House passed the bill.", [("House", "ORG")])] * 3)
    players = by_name(key_players(Story(id="s", articles=[c])))
    assert "House" not in players and "House" in players["House of Representatives"].aliases


def test_a_named_storm_is_no_person_and_no_place():
    a = hand_tagged("Wire", [
        ("Hurricane Georges hit San Juan on Monday.", [("Hurricane Georges", "GPE"), ("San Juan", "GPE")]),
        ("Georges left 300 people homeless in San Juan.", [("Georges", "PERSON"), ("San Juan", "GPE")]),
        ("Georges then turned toward Cuba, Mayor Ana Ortiz said.", [("Georges", "PERSON"), ("Cuba", "GPE"), ("Ana Ortiz", "PERSON")]),
        ("Ortiz asked for help after Super Typhoon Zeb and Tropical Storm Mitch.",
         [("Ortiz", "PERSON"), ("Super Typhoon Zeb", "ORG"), ("Tropical Storm Mitch", "PERSON")]),
        ("Zeb was weaker. Mitch was stronger.", [("Zeb", "PERSON"), ("Mitch", "PERSON")]),
    ])
    players = by_name(key_players(Story(id="s", articles=[a])))
    assert not any(w in name for name in players for w in ("Georges", "Typhoon", "Storm", "Zeb", "Mitch"))
    assert players["Ana Ortiz"].kind == "person" and players["San Juan"].kind == "place"
    # "Hurricane" alone, or a storm word inside a longer name, is no storm.
    b = hand_tagged("Wire", [("The National Hurricane Center warned Miami twice.", [("The National Hurricane Center", "ORG")])] * 2)
    assert "National Hurricane Center" in by_name(key_players(Story(id="s", articles=[b])))


def test_a_flight_without_its_number_is_no_person():
    a = hand_tagged("Wire", [
        ("Divers searched for Air France Flight 447 on Monday.", [("Air France Flight", "PERSON")]),
        ("Air France Flight 447 crashed in the Atlantic.", [("Air France Flight", "ORG"), ("Atlantic", "LOC")]),
        ("Air France said the Air France flight had 228 people on board.", [("Air France", "ORG")]),
        ("Air France named the crew.", [("Air France", "ORG")]),
    ])
    players = by_name(key_players(Story(id="s", articles=[a])))
    assert players["Air France Flight 447"].kind == "organization"
    assert "Air France Flight" not in players and players["Air France"].kind == "organization"
    # Without a number the name is the airline's.
    b = hand_tagged("Wire", [("The Kestrel Air Flight was late.", [("The Kestrel Air Flight", "PERSON")])] * 2)
    assert by_name(key_players(Story(id="s", articles=[b])))["Kestrel Air"].kind == "organization"


def test_descriptions_events_and_possessions_tagged_as_people():
    a = hand_tagged("Wire", [
        ("Sheriff Joe Arpaio endorsed Rick Perry.", [("Joe Arpaio", "PERSON"), ("Rick Perry", "PERSON")]),
        ("Sheriff Arpaio spoke for an hour.", [("Sheriff Arpaio", "ORG")]),
        ("America's Toughest Sheriff praised Perry.", [("Toughest Sheriff", "PERSON"), ("Perry", "PERSON")]),
        ("Alexandria Police closed the field in Alexandria.", [("Alexandria Police", "PERSON"), ("Alexandria", "GPE")]),
        ("Alexandria Police said Perry was safe.", [("Alexandria Police", "PERSON"), ("Perry", "PERSON")]),
        ("Perry gave the Whittington Lecture twice.", [("Perry", "PERSON"), ("Whittington Lecture", "PERSON")]),
        ("The Whittington Lecture was full.", [("The Whittington Lecture", "PERSON")]),
        ("Mitt Romney’s Medicare plan drew fire.", [("Mitt Romney’s Medicare", "PERSON")]),
        ("Mitt Romney denied it.", [("Mitt Romney", "PERSON")]),
    ])
    players = by_name(key_players(Story(id="s", articles=[a])))
    assert "Sheriff Arpaio" in players["Joe Arpaio"].aliases and players["Joe Arpaio"].mentions >= 2
    assert not any("Sheriff" in name or "Lecture" in name or "Medicare" in name for name in players)
    assert players["Alexandria Police"].kind == "organization" and players["Alexandria"].kind == "place"
    assert players["Mitt Romney"].kind == "person" and players["Mitt Romney"].mentions == 2
