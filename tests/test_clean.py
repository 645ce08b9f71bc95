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
