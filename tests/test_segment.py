from newsdigest.text.segment import split_sentences


def test_abbreviations_do_not_split():
    text = "The U.S. Senate voted at 3 p.m. on Feb. 28 to approve it. Mr. Smith met Dr. Ana Ortiz at 10 a.m. Thursday. She left."
    assert split_sentences(text) == [
        "The U.S. Senate voted at 3 p.m. on Feb. 28 to approve it.",
        "Mr. Smith met Dr. Ana Ortiz at 10 a.m. Thursday.",
        "She left.",
    ]


def test_quote_spanning_sentences_stays_together_and_closing_quote_splits():
    text = 'He said: "This is a good day. We worked hard." Officials declined to comment.'
    assert split_sentences(text) == ['He said: "This is a good day. We worked hard."', "Officials declined to comment."]


def test_curly_quotes():
    text = "“We will rebuild. It will take years,” she said. “But we will.” Police said 12 died."
    assert split_sentences(text) == ["“We will rebuild. It will take years,” she said.", "“But we will.”", "Police said 12 died."]


def test_unbalanced_quote_does_not_swallow_the_paragraph():
    text = 'He said "yes. Then he left. And more. And more. And more. And more. The end came.'
    assert len(split_sentences(text)) >= 5


def test_debris_dropped():
    assert split_sentences("-- 2. The vote passed.") == ["The vote passed."] or split_sentences("-- 2. The vote passed.")[-1] == "The vote passed."


def test_initialism_before_a_title_does_not_split():
    from newsdigest.text.segment import split_sentences

    assert split_sentences("Calder met with U.S. Secretary of State Dana Pell in Brightwater on Friday. The pier closed.") == [
        "Calder met with U.S. Secretary of State Dana Pell in Brightwater on Friday.",
        "The pier closed.",
    ]


def test_line_break_inside_a_sentence_never_splits_it():
    from newsdigest.model import Article
    from newsdigest.text.clean import clean_article
    from newsdigest.text.segment import segment_article

    a = Article(id="a", source="s", text="Calder met with U.S.\nSecretary of State Dana Pell on Friday.\nThe pier closed.")
    segment_article(clean_article(a))
    assert [s.text for s in a.sentences] == [
        "Calder met with U.S. Secretary of State Dana Pell on Friday.",
        "The pier closed.",
    ]


def test_a_closing_bracket_after_an_abbreviation_stays_in_its_sentence():
    # Punkt ends a sentence at "Ind." inside the brackets; the bracket and the clause after it
    # belong to the same sentence.
    text = ("Jo Arden, an aide to Rep. Sam Holt (R-Ind.), wrote that the budget was late. "
            "She resigned on Monday.")
    assert split_sentences(text) == [
        "Jo Arden, an aide to Rep. Sam Holt (R-Ind.), wrote that the budget was late.",
        "She resigned on Monday.",
    ]


def test_a_question_quote_keeps_its_capitalised_attribution():
    from newsdigest.text.segment import split_sentences
    text = ("\u201cHow about the mayor starts it off?\u201d Mr. Tremont was quoted as saying, "
            "playing peacemaker.")
    assert split_sentences(text) == [text]
    assert split_sentences('"Why not?" Ana Ortiz asked. The room went quiet.') == [
        '"Why not?" Ana Ortiz asked.', "The room went quiet."]
    # After a period the quote ends its sentence; and a new sentence is no attribution.
    assert len(split_sentences('"We worked hard." Officials said the plan would go ahead.')) == 2
    assert len(split_sentences('"Why not?" The question hung in the air.')) == 2


def test_an_initialism_before_a_word_in_lower_case_stays_in_its_sentence():
    # Punkt ends a sentence at an initialism it does not know ("the R.F.A.", "T.P.S.", "J.K.")
    # and at a party-state abbreviation ("D-Ore."); no sentence opens with a lower-case word.
    text = ("In a statement on Monday, the R.F.A. president, Lena Ward, said the tour would go ahead. "
            "Protections for Dreamers and T.P.S. recipients were dropped. "
            "The former leader, J.K. van Dorn, declined to comment. "
            "Sen. Mara Quist, D-Ore. said the vote was close.")
    assert split_sentences(text) == [
        "In a statement on Monday, the R.F.A. president, Lena Ward, said the tour would go ahead.",
        "Protections for Dreamers and T.P.S. recipients were dropped.",
        "The former leader, J.K. van Dorn, declined to comment.",
        "Sen. Mara Quist, D-Ore. said the vote was close.",
    ]
    # A sentence may end with an initialism: the next one, opening with a capital, stays apart.
    assert split_sentences("The company was sold to the A.B.C. It closed a year later.") == [
        "The company was sold to the A.B.C.", "It closed a year later."]
