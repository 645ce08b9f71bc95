from newsdigest.text.clean import clean_text, fix_mojibake, is_furniture, split_dateline


def test_mojibake_repaired():
    assert fix_mojibake("The mayorâ€™s office said â€œnoâ€\x9d.") == "The mayor’s office said “no”."
    assert fix_mojibake("He doesnít know. ìWe wonít go,î she said.") == "He doesn’t know. “We won’t go,” she said."


def test_accented_names_survive_when_text_is_not_damaged():
    assert fix_mojibake("María Ortíz said the vote was final.") == "María Ortíz said the vote was final."


def test_furniture_removed_reporting_kept():
    text = """By Jane Doe and John Smith, Reuters

Photo: Jane Doe/Reuters

Crews work at the scene on Monday. (AP Photo/Ann Lee)

The council voted 7-2 to approve the budget on Monday.

Read more: Budget coverage

The photo of the vote went viral, officials said on Tuesday after reviewing it.

Sign up for our newsletter

Advertisement"""
    cleaned, _ = clean_text(text)
    assert cleaned.split("\n\n") == [
        "The council voted 7-2 to approve the budget on Monday.",
        "The photo of the vote went viral, officials said on Tuesday after reviewing it.",
    ]


def test_long_paragraph_is_never_furniture():
    para = "By the time firefighters arrived, " + "the building was burning and crews fought it. " * 6
    assert not is_furniture(para)


def test_dateline_split_off():
    assert split_dateline("LONDON (AP) -- A lawmaker said so.") == ("LONDON (AP)", "A lawmaker said so.")
    assert split_dateline("BEIRUT, Lebanon (AP) _ Talks resumed.") == ("BEIRUT, Lebanon (AP)", "Talks resumed.")
    assert split_dateline("The Senate voted.") == (None, "The Senate voted.")


def test_whitespace_and_hard_wrapped_paragraphs():
    cleaned, _ = clean_text("A line that\nwraps here.\n\n\n  Second   paragraph.  ")
    assert cleaned == "A line that wraps here.\n\nSecond paragraph."


# --- scraped text (issue 12): furniture by shape, datelines in every common form ------------------

from newsdigest.text.clean import drop_furniture, is_caption, paragraphs_of  # noqa: E402

BODY = "The harbour council voted on Tuesday to close the old ferry pier, officials said."


def test_caption_without_credit_word_at_top_is_dropped():
    text = (
        "Mayor Ines Calder and Governor Rafe Dunmore meet at the Quayside Hotel with U.S.\n"
        "Ambassador Tom Pell in Brightwater\n\n" + BODY
    )
    cleaned, dateline = clean_text(text)
    assert cleaned == BODY and dateline is None


def test_caption_followed_by_credit_line_is_dropped_even_with_a_period():
    text = BODY + "\n\nMayor Calder waves to crowds outside the hall.\nPhoto by Lee Marsh\n\nThe pier closes in June."
    cleaned, _ = clean_text(text)
    assert "waves" not in cleaned and "Lee Marsh" not in cleaned
    assert cleaned.endswith("The pier closes in June.")


def test_reporting_sentence_is_not_a_caption():
    assert not is_caption(BODY)
    assert not is_caption("Calder said the pier would close")  # a verb of narration
    assert not is_caption('"We are done here"')  # a quotation
    assert is_caption("Calder at the pier on Tuesday")


def test_ads_share_related_and_newsletter_furniture_dropped():
    text = "\n\n".join([
        BODY,
        "Share this article",
        "Facebook",
        "Twitter",
        "Email",
        "Related: Ferry fares rise again",
        "Shop the spring sale at Harbourside Home now - up to 60% off!",
        "Sign up for our morning newsletter",
        "The pier closes in June.",
    ])
    cleaned, _ = clean_text(text)
    assert cleaned == BODY + "\n\nThe pier closes in June."


def test_datelines_in_every_common_form():
    cases = {
        "BRIGHTWATER (Reuters) - " + BODY: "BRIGHTWATER (Reuters)",
        "BRIGHTWATER: " + BODY: "BRIGHTWATER",
        "BRIGHTWATER, March 3 (AP) - " + BODY: "BRIGHTWATER, March 3 (AP)",
        "BRIGHTWATER, March 3 — " + BODY: "BRIGHTWATER, March 3",
        "Brightwater (AFP) - " + BODY: "Brightwater (AFP)",
    }
    for text, want in cases.items():
        cleaned, dateline = clean_text(text)
        assert dateline == want, text
        assert cleaned == BODY


def test_colon_label_is_not_a_dateline():
    assert split_dateline("UPDATE: " + BODY) == (None, "UPDATE: " + BODY)


def test_dateline_after_a_caption_is_found():
    text = "Calder at the pier on Tuesday\n\nBRIGHTWATER (Reuters) - " + BODY
    cleaned, dateline = clean_text(text)
    assert dateline == "BRIGHTWATER (Reuters)" and cleaned == BODY


def test_wrapped_lines_without_blank_lines_are_joined():
    text = "The council met with U.S.\nAmbassador Tom Pell on Tuesday and\nagreed to close the pier.\nThe pier closes in June."
    assert paragraphs_of(text) == [
        "The council met with U.S. Ambassador Tom Pell on Tuesday and agreed to close the pier.",
        "The pier closes in June.",
    ]


def test_drop_furniture_keeps_reporting():
    assert drop_furniture([BODY, "The pier closes in June."]) == [BODY, "The pier closes in June."]


def test_long_paragraph_is_cut_outside_quotations():
    from newsdigest.text.clean import MAX_PARAGRAPH_CHARS, split_long_paragraph

    filler = "The council met on Tuesday to talk about the budget. " * 60
    quote = ('"We have to do something about the roads. The roads are bad. ' + "They get worse every year. " * 100
             + 'We will fix them," Ana Ortiz said. ')
    paragraph = filler + quote + filler
    assert len(paragraph) > MAX_PARAGRAPH_CHARS
    pieces = split_long_paragraph(paragraph)
    assert len(pieces) > 1
    for piece in pieces:
        assert piece.count('"') % 2 == 0, piece[-80:]


def test_dateline_with_no_space_after_its_dash_is_split_off():
    # Some outlets set the dash tight against the first word ("CITY—The ...", "CITY ―The ...").
    for text in ("BRIGHTWATER\u2014" + BODY, "BRIGHTWATER \u2015" + BODY, "BRIGHTWATER, Ore.\u2014" + BODY,
                 "BRIGHTWATER \u2013- " + BODY):
        cleaned, dateline = clean_text(text)
        assert cleaned == BODY, text
        assert dateline.startswith("BRIGHTWATER"), text
    # A hyphen tight against a word is no dateline ("U.S.-Canada", "SMITH--Ann" in a notice).
    assert split_dateline("U.S.-Canada talks resumed on Monday.")[0] is None
    assert split_dateline("SMITH--Ann Marie, 91, of Brightwater, died on Friday.")[0] is None


def test_update_label_is_removed_from_its_paragraph():
    for label in ("UPDATE: ", "Updated: ", "UPDATE: 9 p.m. -- ", "UPDATE 2:52 p.m. -- ", "UPDATE - May 30, 10 p.m.: ",
                  "UPDATE: 5/12 \u2014 "):
        cleaned, _ = clean_text(BODY + "\n\n" + label + "The pier closes in June.")
        assert cleaned == BODY + "\n\nThe pier closes in June.", label
    # A sentence that opens with the word is kept whole.
    cleaned, _ = clean_text(BODY + "\n\nUpdated figures show the pier lost money in May.")
    assert cleaned.endswith("Updated figures show the pier lost money in May.")
