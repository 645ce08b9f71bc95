"""Quote marks read into quotes (analysis/quotes/marks.py): made-up sentences of the shapes met in
real news copy."""

from newsdigest.analysis.quotes.merge import find_quotes
from newsdigest.io.ingest import articles_from_records
from newsdigest.model import Story
from newsdigest.pipeline import prepare_articles


def quotes_of(text: str) -> list:
    articles = prepare_articles(articles_from_records([{"id": "a0", "source": "Outlet", "text": text}]).articles, [])
    return find_quotes(Story(id="s", articles=articles))


def test_curly_opening_mark_typed_for_a_closing_one():
    text = ("Nadia Ortiz, a city councilwoman, called the tax plan \u201cunfair to renters\u201c in a post on "
            "Sunday.\n\n\u201cWe will keep fighting this until the vote,\u201c said Ortiz, who chairs the "
            "housing panel.")
    texts = [q.text for q in quotes_of(text)]
    assert "We will keep fighting this until the vote" in texts
    assert not any("in a post on Sunday" in t or t.startswith("said Ortiz") for t in texts)


def test_feet_and_inches_are_no_quote_mark():
    text = ("\u201cHe keeps calling me short. I admit he is taller than me; he is like 6\u20194\u201d,\u201d "
            "Dana Ruiz said on Monday at a rally in Dayton.")
    q = [q for q in quotes_of(text) if "calling me short" in q.text]
    assert len(q) == 1 and q[0].text.endswith("6\u20194\u201d")
    assert q[0].speaker == "Dana Ruiz"


def test_long_quote_inside_a_curly_quote_stays_part_of_it():
    text = ("\u201cThe mayor\u2019s claim that the new bridge \u201cwill pay for itself within a decade and bring "
            "thousands of jobs to the east side\u201d shows that she has not read the budget at all,\u201d wrote "
            "Tom Becker, the head of the taxpayers\u2019 league.")
    qs = quotes_of(text)
    assert len(qs) == 1
    assert qs[0].text.startswith("The mayor\u2019s claim") and qs[0].text.endswith("read the budget at all")


def test_quote_split_by_attribution_with_a_participle_is_one_quote():
    text = ("\u201cThe timing of the sale was what made it work,\u201d Mr. Lindqvist said, referring to the two "
            "harbor hotels. \u201cI think they saw the market coming back, which it has.\u201d")
    qs = quotes_of(text)
    assert len(qs) == 1
    assert qs[0].text == ("The timing of the sale was what made it work, \u2026 I think they saw the market coming "
                          "back, which it has.")
    assert qs[0].speaker == "Lindqvist"


def test_quote_split_by_a_long_description_of_its_speaker_is_one_quote():
    text = ("\u201cOur members are tired of waiting for the county,\u201d said Petra Hale, a spokeswoman for the "
            "Valley Growers Association, which represents 300 family farms. \u201cThey want a decision this "
            "spring.\u201d\n\n\u201cThat is not a plan,\u201d she said, when asked about the proposal. "
            "\u201cThat is a wish.\u201d")
    texts = [q.text for q in quotes_of(text)]
    assert "Our members are tired of waiting for the county, \u2026 They want a decision this spring." in texts
    assert "That is not a plan, \u2026 That is a wish." in texts


def test_quote_split_by_an_attribution_that_adds_more_stays_two_quotes():
    text = ("\u201cThe council has ignored us for a year,\u201d Ortiz said, adding that the vote was set for May. "
            "\u201cWe will be there.\u201d")
    texts = [q.text for q in quotes_of(text)]
    assert "The council has ignored us for a year" in texts
    assert "We will be there." in texts


def test_words_before_a_short_quote_that_name_or_cry_it_out():
    from newsdigest.analysis.quotes.marks import _cued

    def cued(before: str) -> bool:
        par = before + "\u201cWord.\u201d"
        return _cued(par, len(before))

    for before in ("The group ran a radio ad on Saturday titled, ", "Ortiz railed against what she calls the ",
                   "The mayor called it ", "The fixer, who goes by ", "the route is known here as ",
                   "all her aides have used the term ", "The rally had one message: ",
                   "as the fans jeered, ", "the chairman told reporters simply, "):
        assert cued(before), before
    for before in ("The debate turned on what is called a ", "The plan drew ", "She said the plan was ",
                   "He lives in a town called "):
        assert not cued(before), before


def test_quotes_apart_by_an_ellipsis_or_a_dash_aside_are_one_quote():
    text = ("The first questions were hostile: \"Is it time for the plan to change?\" . . . \"Have you "
            "underestimated the cost of the bridge?\"\n\n"
            "\"I don't think the common view\" -- that the mayor spends too freely -- \"is going to last,\" "
            "says Dana Ruiz, her pollster.")
    texts = [q.text for q in quotes_of(text)]
    assert "Is it time for the plan to change? \u2026 Have you underestimated the cost of the bridge?" in texts
    q = [q for q in quotes_of(text) if q.text.startswith("I don't think")]
    assert len(q) == 1 and q[0].text == "I don't think the common view \u2026 is going to last"
    assert q[0].speaker == "Dana Ruiz"


def test_quotes_listed_with_and_are_one_quote_but_listed_terms_stay_dropped():
    text = ("The crowd chanted, \"Send them home,\" and \"Build the wall.\"\n\n"
            "The debate over \"fake news\" and \"alternative facts\" went on for an hour.")
    texts = [q.text for q in quotes_of(text)]
    assert texts == ["Send them home, \u2026 Build the wall."]


def test_short_quote_named_by_a_relative_clause_has_its_speaker():
    text = ("Dan Gilbert owns the team.\n\nThe city sought the convention in the hopes of shedding what "
            "Gilbert called \"a perception problem.\"\n\n"
            "Voters liked the speech, though Rush Limbaugh, for one, called it \"liberal lingo.\"\n\n"
            "It is what they called \"financial supermarkets.\"")
    qs = {q.text: q.speaker for q in quotes_of(text)}
    assert qs.get("a perception problem.") == "Dan Gilbert"
    assert "financial supermarkets." not in qs  # no name to say it


def test_words_a_crowd_cries_are_kept():
    text = ("The crowd chanted back at the mayor, \"Fix the roads,\" and \"Open the pool.\"\n\n"
            "Outside the hall, \"ORTIZ!\" chants went on for an hour.\n\n"
            "\"Count the votes,\" came shouts from the back of the room.\n\n"
            "Her campaign slogan is \"We rise.\"\n\n"
            "The new \"reform\" passed on Monday.")
    texts = [q.text for q in quotes_of(text)]
    assert "Fix the roads, \u2026 Open the pool." in texts
    assert "ORTIZ!" in texts
    assert "Count the votes" in texts
    assert "We rise." in texts
    assert not any("reform" in t for t in texts)  # a scare quote with no crowd or cue stays out
