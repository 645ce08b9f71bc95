"""The PolNeAR quote scorer (eval-quotes) on a made-up annotated article."""

from collections import Counter

from newsdigest.eval.polnear import _quote_spans, score_article, source_class, speaker_ok, summary
from newsdigest.model import Quote, Support


def test_source_classes():
    assert source_class("he") == "pronoun"
    assert source_class("Donald Trump") == "named"
    assert source_class("Republican Rep. Lee Zeldin") == "named"
    assert source_class("the Vermont senator") == "description"
    assert source_class("the minister") == "description"


def test_quote_located_across_paragraphs_and_parts():
    text = 'Head.\n\n“We will stay,” Ana Ortiz said, “and we will win.\n\n“Nobody leaves.”'
    spans = _quote_spans(text, "We will stay, … and we will win. Nobody leaves.")
    assert spans is not None and len(spans) == 2
    assert text[spans[1][0]:spans[1][1]].startswith("and we will win")


def _att(text, content, source, quoted="full"):
    c = text.index(content)
    s = text.index(source)
    return {"id": "E", "content": {"start": c, "end": c + len(content), "text": content},
            "source": {"start": s, "end": s + len(source), "text": source}, "cue": None,
            "content_quoted": quoted}


def test_pronoun_source_resolved_to_named_source(monkeypatch):
    text = 'Head.\n\nAna Ortiz spoke first. “We will stay,” she said.'
    atts = [_att(text, "“We will stay,”", "she")]
    record = {"id": "t", "text": text, "attributions": atts}
    assert speaker_ok("Ana Ortiz", atts[0], atts, text)
    assert not speaker_ok("Carl Berg", atts[0], atts, text)
    quote = Quote(text="We will stay", speaker="Ortiz", support=[Support("a", "s", "t", 0, 1.0)])
    monkeypatch.setattr("newsdigest.eval.polnear.find_quotes", lambda story: [quote])
    c = score_article(record, story=object())
    out = summary(c + Counter(articles=1))
    assert out["quote recall"] == 1.0 and out["quote precision"] == 1.0
    assert out["speaker precision (pronoun)"] == 1.0


def test_relative_pronoun_source_is_the_name_right_before_it():
    text = 'Head.\n\nThe vote was won with help from Ana Ortiz, who declared, “We will stay.”'
    atts = [_att(text, "“We will stay.”", "who")]
    assert speaker_ok("Ana Ortiz", atts[0], atts, text)
    assert not speaker_ok("Carl Berg", atts[0], atts, text)


def test_a_quote_whose_mojibake_the_cleaner_repaired_is_still_located():
    raw = "Head.\n\n''There is some surprise - or perhaps just na\u00c3\u00afvet\u00c3\u00a9,'' said Ana Ortiz."
    spans = _quote_spans(raw, "There is some surprise - or perhaps just na\u00efvet\u00e9,")
    assert spans is not None and raw[spans[0][0]:spans[0][1]].startswith("There is some surprise")
    assert _quote_spans(raw, "There is no surprise at all") is None


def test_a_short_quote_is_located_where_it_stands_in_quote_marks():
    text = 'Head.\n\nHe picked either Denver or Carolina. Asked again, \u201cDenver,\u201d he answered.'
    spans = _quote_spans(text, "Denver")
    assert spans is not None and text[spans[0][0] - 1] == "\u201c"
    # With no quoted occurrence, the first one.
    spans = _quote_spans("Denver won. Denver lost.", "Denver")
    assert spans == [(0, 6)]


def test_basil_labels_split_into_people_and_groups():
    from newsdigest.eval.polnear import _person_label
    assert _person_label("Chuck_Schumer") and _person_label("Benjamin_Todd_Jealous")
    assert not _person_label("Democratic_lawmakers") and not _person_label("Obama_campaign")
    assert not _person_label("NAACP") and not _person_label("Tea_Party") and not _person_label("Republican_Lawmakers")


def test_a_source_span_holding_only_the_cue_is_the_name_beside_it():
    # The annotators marked the verb: the source is the name right before or right after it.
    text = 'Head.\n\n“It is downright ludicrous,” Sinovic said in a statement. “No,” said Jane Gilbert of Cheyenne.'
    atts = [_att(text, "“It is downright ludicrous,”", "said in a statement"), _att(text, "“No,”", "said")]
    atts[1]["source"]["start"] = text.index("said Jane")
    atts[1]["source"]["end"] = atts[1]["source"]["start"] + 4
    assert speaker_ok("Matt Sinovic", atts[0], atts, text)
    assert not speaker_ok("Chuck Grassley", atts[0], atts, text)
    assert speaker_ok("Jane Gilbert", atts[1], atts, text)
    assert not speaker_ok("Matt Sinovic", atts[1], atts, text)
    text = "Head.\n\nAccording to Woodward, “The real estate world is more complex than the CIA.”"
    atts = [_att(text, "“The real estate world is more complex than the CIA.”", "According to")]
    assert speaker_ok("Bob Woodward", atts[0], atts, text)
    assert not speaker_ok("Donald Trump", atts[0], atts, text)


def test_an_unnamed_speaker_in_the_sources_own_words_and_a_mojibake_name():
    text = "Head.\n\nCameron stands by his words. “He disagrees with them,” the spokesman said."
    atts = [_att(text, "“He disagrees with them,”", "the spokesman")]
    assert speaker_ok("the spokesman", atts[0], atts, text)
    assert not speaker_ok("a spokesman", atts[0], atts, text)
    text = "Head.\n\n“There is a clear need for this,” Sarukh\u00c3\u0083\u00c2\u00a1n added."
    atts = [_att(text, "“There is a clear need for this,”", "Sarukh\u00c3\u0083\u00c2\u00a1n")]
    assert speaker_ok("Arturo Sarukh\u00e1n", atts[0], atts, text)


def test_predicted_quote_is_located_at_its_support_sentence():
    # The headline prints the words in single quotes; the product read them in the body.
    body = '"We are vetting the candidates!" said Ana Ortiz, the head of the group.'
    text = "'We are vetting the candidates!'\n\nThe race is open.\n\n" + body
    gold = [_att(text, '"We are vetting the candidates!"', "Ana Ortiz")]
    record = {"id": "a0", "text": text, "attributions": gold}
    q = Quote(text="We are vetting the candidates!", speaker="Ana Ortiz",
              support=[Support(article_id="a0", source="Outlet", text=body, sentence_index=2, score=1.0)])

    class _Story:  # score_article only hands the story to find_quotes
        pass

    import newsdigest.eval.polnear as polnear
    real = polnear.find_quotes
    polnear.find_quotes = lambda story: [q]
    try:
        c = score_article(record, _Story())
    finally:
        polnear.find_quotes = real
    assert c["found"] == 1 and c["pred_correct"] == 1 and c["speaker_correct"] == 1


def test_errors_file_names_the_split_of_each_miss(tmp_path):
    import json

    from click.testing import CliRunner

    from newsdigest.eval.polnear import eval_quotes_cmd

    text = "Harbour vote\n\nThe council met on Monday.\n\nAna Ortiz said the plan was “a waste of everyone's money and time.”"
    content = "“a waste of everyone's money and time.”"
    for split in ("train", "dev"):
        record = {"id": f"polnear-{split}", "source": "Outlet", "date": "2016-01-05", "title": "Harbour vote",
                  "text": text, "attributions": [_att(text, content, "Ana Ortiz")]}
        # A gold quote the product cannot find (the headline): one miss per split.
        record["attributions"].append({"id": "F", "content": {"start": 0, "end": 12, "text": "Harbour vote"},
                                       "source": None, "cue": None, "content_quoted": "full"})
        (tmp_path / f"polnear_{split}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(eval_quotes_cmd, ["--data", str(tmp_path), "--split", "train", "--split", "dev",
                                                  "--no-basil", "--errors", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows and {r[0] for r in rows} == {"train", "dev"}
    assert all(r[2] == f"polnear-{r[0]}" for r in rows)  # split, kind, article id


def test_a_gold_quote_given_in_pieces_is_found_by_one_speakers_quotes_together(monkeypatch):
    # One gold attribution over three quoted parts with narration between them; the product gives
    # the parts as three quotes. One piece alone covers less than half: missed on the first
    # reading, found on the second when the pieces give one speaker, not when they give two.
    parts = ["We have waited twenty years for this library and we will not wait again",
             "The money was set aside in the spring budget",
             "Nobody on the board will vote against the families of this city"]
    text = (f'Head.\n\n"{parts[0]}," said Ana Ortiz, a spokeswoman for the board, which runs the city '
            f'libraries. "{parts[1]}," which Ortiz thinks settles the question. "{parts[2]}."')
    start = text.index('"' + parts[0])
    end = text.index(parts[2]) + len(parts[2]) + 2
    frags = [{"start": text.index(p) - 1, "end": text.index(p) + len(p) + 2, "text": ""} for p in parts]
    gold = {"id": "E", "content": {"start": start, "end": end, "text": text[start:end], "fragments": frags},
            "source": {"start": text.index("Ana Ortiz"), "end": text.index("Ana Ortiz") + 9, "text": "Ana Ortiz"},
            "cue": None, "content_quoted": "full"}
    record = {"id": "a0", "text": text, "attributions": [gold]}

    def quotes(speakers):
        return [Quote(text=p, speaker=s, support=[Support("a0", "Outlet", text, 0, 1.0)])
                for p, s in zip(parts, speakers)]

    monkeypatch.setattr("newsdigest.eval.polnear.find_quotes", lambda story: quotes(["Ana Ortiz"] * 3))
    out = summary(score_article(record, story=object()) + Counter(articles=1))
    assert out["quote recall"] == 0.0
    assert out["quote recall (a speaker's quotes together)"] == 1.0
    assert out["quote precision"] == 1.0
    monkeypatch.setattr("newsdigest.eval.polnear.find_quotes",
                        lambda story: quotes(["Ana Ortiz", "Carl Berg", None]))
    out = summary(score_article(record, story=object()) + Counter(articles=1))
    assert out["quote recall (a speaker's quotes together)"] == 0.0


def _pronoun_att(text, content, pronoun):
    """A gold attribution whose source is the pronoun right after ``content``."""
    c = text.index(content)
    s = text.index(" " + pronoun + " ", c + len(content)) + 1
    return {"id": "E", "content": {"start": c, "end": c + len(content), "text": content},
            "source": {"start": s, "end": s + len(pronoun), "text": pronoun}, "cue": None,
            "content_quoted": "full"}


def test_a_pronoun_source_after_an_opening_phrase_is_the_subject_after_it():
    # 'On Sunday, Tom Reed went ...': the subject after the phrase's comma is who 'he' is.
    text = "Head.\n\nThe council met on Monday.\n\nOn Sunday, Tom Reed went on the offensive.\n\n“It is made up,” he said."
    atts = [_pronoun_att(text, "“It is made up,”", "he")]
    assert speaker_ok("Tom Reed", atts[0], atts, text)
    assert not speaker_ok("Carl Berg", atts[0], atts, text)
    # A name in the opening phrase is its object, not the subject.
    text = "Head.\n\nAsked about Carl Berg, Tom Reed went on the offensive.\n\n“It is made up,” he said."
    atts = [_pronoun_att(text, "“It is made up,”", "he")]
    assert speaker_ok("Tom Reed", atts[0], atts, text)
    assert not speaker_ok("Carl Berg", atts[0], atts, text)
    # A name after an opening phrase inside a quotation is no subject of the narration.
    text = ("Head.\n\nTom Reed spoke first. “Nobody came. On Sunday, Carl Berg went home.”\n\n"
            "“It is made up,” he said.")
    atts = [_pronoun_att(text, "“It is made up,”", "he")]
    assert speaker_ok("Tom Reed", atts[0], atts, text)
    assert not speaker_ok("Carl Berg", atts[0], atts, text)
    # After a connective the sentence argues on: its subject is no antecedent ('In addition, Acme
    # Works has offered ...'); nor is a name in the possessive or a list.
    for sentence in ("In addition, Acme Works has offered training.", "In 2008, Acme Works’s chief resigned.",
                     "After the vote, Acme Works and the union met."):
        text = f"Head.\n\nTom Reed spoke first. {sentence}\n\n“It is made up,” he said."
        atts = [_pronoun_att(text, "“It is made up,”", "he")]
        assert speaker_ok("Tom Reed", atts[0], atts, text), sentence
        assert not speaker_ok("Acme Works", atts[0], atts, text), sentence


def test_a_pronoun_source_after_a_subject_with_an_aside():
    text = "Head.\n\nTom Reed, 55, started work at the plant in 1990.\n\n“It is made up,” he said."
    atts = [_pronoun_att(text, "“It is made up,”", "he")]
    assert speaker_ok("Tom Reed", atts[0], atts, text)
    text = "Head.\n\nCarl Berg spoke first. Tom Reed, a former labor leader, had close ties to him.\n\n“No,” he said."
    atts = [_pronoun_att(text, "“No,”", "he")]
    assert speaker_ok("Tom Reed", atts[0], atts, text)
    assert not speaker_ok("Carl Berg", atts[0], atts, text)


def test_the_sentence_before_a_long_quote_is_looked_for_before_the_quote():
    quote = "“" + "We will not stop. " * 40 + "Never,”"
    text = f"Head.\n\nOn Sunday, Tom Reed went on the offensive.\n\n{quote} he said."
    atts = [_pronoun_att(text, quote, "he")]
    assert speaker_ok("Tom Reed", atts[0], atts, text)


def test_a_chain_of_he_carries_the_speaker_on():
    pad = "The crowd cheered for a long time. " * 20  # no subject within reach of the second quote
    text = f"Head.\n\nTom Reed spoke first.\n\n“We stay,” he said.\n\n{pad}\n\n“We go,” he added."
    first = _pronoun_att(text, "“We stay,”", "he")
    second = _pronoun_att(text, "“We go,”", "he")
    atts = [first, second]
    assert speaker_ok("Tom Reed", second, atts, text)
    assert not speaker_ok("Carl Berg", second, atts, text)
    # A she does not carry on a he, and another source between them breaks the chain.
    text_she = text.replace("“We go,” he added", "“We go,” she added")
    she = _pronoun_att(text_she, "“We go,”", "she")
    assert not speaker_ok("Tom Reed", she, [_pronoun_att(text_she, "“We stay,”", "he"), she], text_she)
    text_x = text.replace(pad, pad + "\n\n“No,” the clerk said.")
    first, second = _pronoun_att(text_x, "“We stay,”", "he"), _pronoun_att(text_x, "“We go,”", "he")
    c = text_x.index("the clerk")
    clerk = {"id": "C", "content": {"start": c - 8, "end": c - 1, "text": "“No,”"},
             "source": {"start": c, "end": c + 9, "text": "the clerk"}, "cue": None, "content_quoted": "full"}
    assert not speaker_ok("Tom Reed", second, [first, clerk, second], text_x)
