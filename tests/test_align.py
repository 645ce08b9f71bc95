from newsdigest.align import fact_text, mark_duplicates
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
