"""Analysis: the cross-source views of a story, each grounded in source sentences.

Runs after the summary (it reuses the story's ``SentenceTable``) and fills the Story's analysis
fields, one stage module each:

- ner.py: named entities of every sentence (shared by the stages below);
- quotes.py: direct quotations, their speakers, and the outlets' differing wordings;
- corroborate.py: facts stated by several independent publishers, and facts only one reports;
- contradict.py: the same fact reported with incompatible values;
- framing.py: loaded wording per outlet, and a neutral summary built from the least loaded wording;
- timeline.py: dated events, relative dates resolved against each article's date;
- players.py: people, organisations and places, ranked by how many outlets mention them.

A stage that fails on some odd input must not take the whole digest down: its field stays empty
and the story gets a note saying which stage failed and why.
"""

from __future__ import annotations

from typing import Any, Callable

from newsdigest.summary.align import SentenceTable
from newsdigest.model import Story
from newsdigest.summary.summarizers import Summarizer


def _stages(
    story: Story, table: SentenceTable, words: int, summarizer: Summarizer | None
) -> list[tuple[str, Callable[[], None]]]:
    from newsdigest.analysis import contradict
    from newsdigest.analysis import corroborate
    from newsdigest.analysis import framing
    from newsdigest.analysis import players
    from newsdigest.analysis import quotes
    from newsdigest.analysis import timeline

    def set_quotes() -> None:
        story.quotes = quotes.find_quotes(story)

    def set_facts() -> None:
        story.corroborated, story.unique_claims = corroborate.corroborate(story, table)

    def set_contradictions() -> None:
        story.contradictions = contradict.find_contradictions(story, table)

    def set_framing() -> None:
        story.framing = framing.frame(story)
        story.framing_comparison = framing.wording_comparison(story, table)
        story.neutral_summary = framing.neutral_summary(story, table, words, summarizer)

    def set_timeline() -> None:
        story.timeline, notes = timeline.build_timeline(story, table)
        story.notes.extend(notes)

    def set_players() -> None:
        story.key_players = players.key_players(story)

    return [
        ("quotes", set_quotes),
        ("corroboration", set_facts),
        ("contradictions", set_contradictions),
        ("framing", set_framing),
        ("timeline", set_timeline),
        ("key players", set_players),
    ]


def analyze_story(
    story: Story, table: SentenceTable, nlp: Any, words: int, summarizer: Summarizer | None = None
) -> Story:
    """Fill the analysis fields of a story whose summary is made (``table`` is its table and
    ``summarizer`` the one that chose it, so the neutral summary is chosen the same way)."""
    from newsdigest.analysis.ner import annotate_entities

    try:
        annotate_entities(story.articles, nlp)
    except Exception as exc:  # the stages below then run without entities
        for a in story.articles:
            a.entities = []
        story.notes.append(f"analysis stage 'named entities' failed and is left empty: {type(exc).__name__}: {exc}")
    for name, run in _stages(story, table, words, summarizer):
        try:
            run()
        except Exception as exc:  # one stage's bug must not cost the reader the rest
            story.notes.append(f"analysis stage '{name}' failed and is left empty: {type(exc).__name__}: {exc}")
    story.analyzed = True
    return story
