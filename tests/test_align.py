from newsdigest.summary.align import fact_text, mark_duplicates
from newsdigest.model import Article

WIRE = ("A fire destroyed a warehouse at the harbor late Tuesday, officials said. More than 60 firefighters "
        "fought the blaze, which was under control by 6 a.m. The cause is under investigation. Residents were told "
        "to keep windows closed. The advisory was lifted on Wednesday.")


def test_trimmed_wire_reprint_is_a_duplicate_of_the_original():
    original = Article(id="wire", source="Wire", text=WIRE, date="2026-03-11")
    reprint = Article(id="reprint", source="Courier", text=WIRE.rsplit(" The advisory", 1)[0], date="2026-03-11")
    other = Article(id="own", source="Gazette", text="Firefighters battled flames for six hours at the harbor warehouse, the fire department said on Wednesday morning.")
    mark_duplicates([reprint, original, other])
    assert reprint.duplicate_of == "wire"
    assert original.duplicate_of is None and other.duplicate_of is None


def test_attribution_is_not_part_of_the_fact():
    assert fact_text("The fire broke out at 11:40 p.m. on Pier 4, Fire Chief Maria Delgado said.") == "The fire broke out at 11:40 p.m. on Pier 4"
    assert fact_text("Police said on Monday that 12 people died in the crash.") == "12 people died in the crash."
    # An embedded clause is not an attribution of the whole sentence.
    text = "The minister resigned after the vote, and officials said the bill was dead."
    assert fact_text(text) == text


def _table(texts, encoder):
    from conftest import make_story
    from newsdigest.summary.align import build_table

    story = make_story([{"source": f"S{k}", "id": f"s{k}", "text": t} for k, t in enumerate(texts)])
    return build_table(story, encoder)


def _states(table, claim, other):
    from newsdigest.summary.align import SUPPORT_THRESHOLD, fact_score

    cosine = float(table.vectors[claim] @ table.vectors[other])
    return fact_score(table, claim, other, cosine) >= SUPPORT_THRESHOLD


def test_the_same_fact_in_other_words_is_stated(encoder):
    table = _table([
        "The rebels were supported by Syria during the war.",
        "During the war, Syria supported the rebels, officials said.",
    ], encoder)
    assert _states(table, 0, 1) and _states(table, 1, 0)


def test_a_negation_of_the_fact_does_not_state_it(encoder):
    table = _table([
        "During the war, Syria supported the rebels.",
        "During the war, Syria denied supporting the rebels.",
    ], encoder)
    assert not _states(table, 0, 1) and not _states(table, 1, 0)


def test_a_long_sentence_on_the_topic_does_not_state_a_short_claim(encoder):
    # The claim's few content words are all in the long sentence, which is about something else.
    table = _table([
        "The harbour council met again.",
        "The harbour council, which met again on Monday after a long summer recess, voted to sell "
        "the old ferry terminal to a hotel developer and to raise mooring fees for yachts.",
    ], encoder)
    assert not _states(table, 0, 1)


def test_a_different_month_is_a_different_fact(encoder):
    table = _table([
        "In July, the Security Council backed the plan for a trial in the Netherlands.",
        "The Security Council backed the plan in August for a trial in the Netherlands.",
        "The Security Council backed the plan in July for a trial in the Netherlands.",
    ], encoder)
    assert not _states(table, 0, 1) and not _states(table, 1, 0)
    assert _states(table, 0, 2)


def test_months_named():
    from newsdigest.summary.align import months_named

    assert months_named("The plane crashed Sept. 2 off Nova Scotia.") == {9}
    assert months_named("It began in May and ended on Dec. 1.") == {5, 12}
    # "may" the verb and words that only start like a month are not months.
    assert months_named("Officials may meet the Augusta club again.") == frozenset()


def test_clock_times_in_any_spelling_are_one_time():
    from newsdigest.summary.align import normalise_times

    assert normalise_times("left at 1.25 p.m. local time.") == "left at 13.25."
    assert normalise_times("left at 1.25pm") == normalise_times("left at 1:25 PM") == "left at 13.25"
    assert normalise_times("at 7:15 a.m. on Monday") == normalise_times("at 07:15 on Monday") == "at 7.15 on Monday"
    assert normalise_times("5 amendments and 2 months") == "5 amendments and 2 months"


def test_both_leaders_and_the_two_names_state_the_same_fact(encoder):
    both = "Both leaders left the venue in a motorcade at 1.25 p.m. local time."
    named = "Kim Jong Un and Donald Trump left the venue in a motorcade at 1.25pm."
    table = _table([both, named], encoder)
    assert _states(table, 0, 1) and _states(table, 1, 0)
    # Another time is another fact.
    table = _table([both, named.replace("1.25pm", "3.40pm")], encoder)
    assert not _states(table, 0, 1) and not _states(table, 1, 0)


def test_failed_to_reach_agreement_is_no_agreement_was_reached(encoder):
    failed = "The two leaders failed to reach an agreement on sanctions."
    table = _table([failed, "No agreement was reached on sanctions, the White House said."], encoder)
    assert _states(table, 0, 1) and _states(table, 1, 0)
    # ... and not the opposite.
    table = _table([failed, "The two leaders reached an agreement on sanctions."], encoder)
    assert not _states(table, 0, 1) and not _states(table, 1, 0)
    # A spelled-out count may be dropped, not changed.
    table = _table([failed, "The three leaders failed to reach an agreement on sanctions."], encoder)
    assert not _states(table, 0, 1)


def test_a_negation_reads_past_function_words():
    from newsdigest.summary.align import negated_words

    assert "major" in negated_words("No party has a majority in parliament.")
    assert "agreement" in negated_words("They failed to reach an agreement.")

