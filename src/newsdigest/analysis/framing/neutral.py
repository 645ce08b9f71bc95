"""The neutral summary: each fact in its least loaded wording, the outlets balanced."""

from __future__ import annotations

from typing import Sequence
from newsdigest.text import lexical
from newsdigest.summary.align import SentenceTable, supporting_sentences
from newsdigest.summary.cite import cite
from newsdigest.model import Story, SummarySentence
from newsdigest.summary.summarizers import CoverageSummarizer, Summarizer, candidates, order_for_reading
from newsdigest.analysis.framing.compare import frame
from newsdigest.analysis.framing.loaded import loaded_count


# Neutral selection (set on NeuS *train*, see the module docstring): a sentence's gain is divided
# by 1 + NEUTRAL_PENALTY * (its loaded terms) + OUTLET_PENALTY * (its outlet's framing score), and
# by 1 + SOURCE_BALANCE * (sentences its publisher already has in the summary).
NEUTRAL_PENALTY = 1.0


OUTLET_PENALTY = 0.3


SOURCE_BALANCE = 0.5


def _substitute(
    story: Story, table: SentenceTable, chosen: list[int], loaded: Sequence[int], words: int
) -> list[int]:
    """Swap each chosen sentence for the least loaded sentence that states the same fact, when
    one has fewer loaded terms, can stand in a summary and keeps the summary within budget."""
    pool = set(candidates(story, table))
    lengths = [lexical.word_count(s.text) for s in table.sentences]
    budget = max(words, sum(lengths[i] for i in chosen))
    out = list(chosen)
    for k, i in enumerate(chosen):
        if loaded[i] == 0:
            continue
        used = sum(lengths[j] for j in out) - lengths[i]
        options = [
            (j, score) for j, score in supporting_sentences(table, i)
            if j in pool and j not in out and loaded[j] < loaded[i] and used + lengths[j] <= budget
        ]
        if options:
            # Fewest loaded terms, then the closest statement of the same fact.
            out[k] = min(options, key=lambda o: (loaded[o[0]], -o[1], o[0]))[0]
    return list(dict.fromkeys(out))


def neutral_summary(
    story: Story,
    table: SentenceTable,
    words: int,
    summarizer: Summarizer | None = None,
    penalty: float = NEUTRAL_PENALTY,
    outlet_penalty: float = OUTLET_PENALTY,
    balance: float = SOURCE_BALANCE,
) -> list[SummarySentence]:
    """The summary in the least loaded wording of each fact (see the module docstring).

    ``summarizer`` is the one that made the main summary (default: ``CoverageSummarizer()``); a
    coverage summarizer selects with the loaded-wording costs and the publisher balance, any
    other only gets the substitution step."""
    if len(table) == 0 or words <= 0:
        return []
    # Loaded words inside quotations count here too: they are the speaker's, not the outlet's
    # framing, but a summary that repeats them reads just as loaded (a quote-heavy wording of a
    # fact is no neutral one).
    loaded = [loaded_count(s.text, quotes=True) for s in table.sentences]
    base = summarizer if summarizer is not None else CoverageSummarizer()
    if isinstance(base, CoverageSummarizer):
        outlet_score = {f.source: f.score for f in (story.framing or frame(story))}
        cost = [
            1.0 + penalty * n + outlet_penalty * outlet_score.get(story.articles[int(a)].source, 0.0)
            for n, a in zip(loaded, table.article_of)
        ]
        chosen = base.select(story, table, words, cost=cost, balance=balance)
    else:
        chosen = base.select(story, table, words)
    if getattr(base, "overflow", False) and len(chosen) > 1:
        # Benchmark mode: the sentence that crosses the budget stays last, where the cut falls.
        body = _substitute(story, table, chosen[:-1], loaded, words)
        return cite(story, table, order_for_reading(story, table, body) + chosen[-1:])
    chosen = _substitute(story, table, chosen, loaded, words)
    return cite(story, table, order_for_reading(story, table, chosen))
