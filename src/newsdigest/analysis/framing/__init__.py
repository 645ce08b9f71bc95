"""Framing: how loaded each outlet's wording is, and a summary in the least loaded wording.

Loaded terms
    A word (or short phrase) is *loaded* when it tells the reader what to feel or think about
    what it names, where a plainer word would state the same fact: "regime" for "government",
    "slammed" for "criticised", "horrific inferno" for "fire", "insisted" for "said", insults,
    intensifiers and scare words. Three published lexicons, each shipped by a PyPI package and
    read from the installed package's own data files (nothing is downloaded), are the backbone:

    - VADER's sentiment lexicon (``vaderSentiment`` 3.3.2, ``vader_lexicon.txt``; Hutto &
      Gilbert, ICWSM 2014; MIT licence): ~7,500 words rated -4..+4 by ten human raters. A word
      counts when its mean rating is at least ``VADER_MIN_VALENCE`` in size (strongly felt words:
      "outrageous", "chaos", "furious", "heroic").
    - VADER's booster (intensifier) list (``BOOSTER_DICT``, same package and licence): the
      degree words that only turn up the volume ("extremely", "utterly", "very").
    - Pattern's subjectivity lexicon as shipped by TextBlob (``textblob`` 0.20.1,
      ``en/en-sentiment.xml``; De Smedt & Daelemans, JMLR 2012; licence PDDL, public domain):
      ~2,900 adjective senses with a subjectivity (0..1) and polarity (-1..1). A word counts when
      its senses' mean subjectivity is at least ``PATTERN_MIN_SUBJECTIVITY`` *and* its mean
      polarity at least ``PATTERN_MIN_POLARITY`` in size: opinion that takes a side
      ("disastrous", "pathetic"), not a judgement of degree ("likely", "final"). Weaker
      polarities (down to ``PATTERN_CONFIRMED_POLARITY``) count only when VADER's raters agree
      (same sign, at least ``VADER_CONFIRMS``): alone they are noisy in news ("latest", "own").

    Two small curated lists sit on top, kept apart below and tagged ``"curated"`` in the output:

    - ``NEWS_LOADED``: loaded terms of political news that the general-purpose lexicons above
      (written for reviews and social media) lack: derogatory labels ("regime", "thugs",
      "mouthpiece"), loaded verbs of speech and action ("slammed", "rammed through", "meddled"),
      the attribution words Wikipedia's Manual of Style (MOS:SAID, "words to watch") flags as
      casting doubt ("insisted", "so-called"; not "claimed", which AllSides' neutral roundups
      use as often as the outlets), and sensational nouns and adjectives ("inferno",
      "bombshell", "witch hunt", "bloated").
    - ``PLAIN_IN_NEWS``: words the published lexicons rate as strongly felt that news uses
      plainly, mostly for what they *denote* ("killed", "death", "war", "fraud", "justice",
      "won"): news has no plainer word for these events, acts, legal categories and outcomes, so
      an outlet that uses them is not loading its report; also function words and fixed phrases
      ("make sure", "kind of", "presidential hopeful"). They are removed from the VADER and
      Pattern matches (not from ``NEWS_LOADED``).

    The thresholds were set from the lexicons' scales and checked on NeuS *train* only (the
    outlets' leads must read as more loaded than AllSides' neutral roundups of the same stories:
    0.52 vs 0.27 loaded terms per 100 words there); ``PLAIN_IN_NEWS`` was drawn up from the
    most frequent matches on that split.

    Other rules: capitalised words inside a sentence are taken as names ("Supreme Court", "Justice
    Department", "Freedom Caucus") and never counted; curated terms match their inflections
    ("slammed" -> "slam"), the published lexicons their listed forms plus the -ly adverbs of their
    adjectives ("horribly" -> "horrible"). Text inside quotation marks (straight,
    curly double, curly single or guillemets; an unclosed quote runs to the end of the sentence)
    is the speaker's wording, not the outlet's, and is never counted against the outlet.

Score
    ``Framing.score`` is the outlet's expected number of loaded narration sentences per article:
    the sentence model's P(biased) summed over its sentences that are mostly its own wording (at
    least half their words outside quotation marks; the quoted words are blanked before scoring),
    in its articles that are not copies of another article (``Article.duplicate_of``; an outlet
    that only ran copies is scored on those). It is a count, not a rate: BASIL's experts count
    loaded spans, and on BASIL's first 25 events (by sorted id) sums ranked outlets better than
    rates did; a longer report can score higher. An outlet is "unsure" unless its order against
    every other outlet holds in 90% of bootstrap resamples of their sentences (or with fewer than
    3 narration sentences). ``loaded_terms`` are still the guarded loaded words, and the neutral
    summary still weighs outlets by them per 100 own words (``compare.flag_rates``). Headlines are
    not scored. Scores compare outlets within a story; across stories they also depend on the topic.

Comparing wordings of the same fact
    ``wording_comparison`` lists, for every fact stated by two or more outlets (align's
    ``supporting_sentences``), each outlet's sentence and its loaded terms, so a reader can see who
    worded the same fact more loadedly; ``Framing.loaded_terms`` carries each term's sentence.

Neutral summary
    The same concept-coverage selection as the main summary (``summarize.CoverageSummarizer``),
    with each sentence's gain divided by ``1 + NEUTRAL_PENALTY * n + OUTLET_PENALTY * f`` (``n``
    = its loaded terms, ``f`` = its outlet's framing score), so a neutral wording of a fact wins
    over a loaded one that covers the same concepts, and an outlet that words the whole story
    loadedly is drawn on less; and by ``1 + SOURCE_BALANCE * k`` (``k`` = sentences its
    publisher already has in the summary), so the summary is told from several outlets rather
    than one outlet's telling. The costs are applied at every step of the greedy selection (a
    sentence whose remaining gain is small is not punished more than its gain). Then each chosen
    sentence is swapped for the least loaded sentence that states the same fact (its support)
    when one with fewer loaded terms fits the budget. ``cite.cite`` makes the citations, so every
    sentence is verbatim from a source and cites every outlet that states it. The three weights
    were chosen on NeuS *train* (2,451 clusters) for ROUGE against AllSides' roundups at a loaded
    rate well below the outlets'; NeuS val is only measured.

Limits: a lexicon sees words, not context. It misses loaded wording it does not list (on a
held-out gold cluster written after tuning it found 1 of 13 loaded terms: "axed", "fat-cat",
"militant" are in none of the lexicons), framing done by selection, order or metaphor ("stem the
bleeding"), and it flags a listed word used plainly ("a pension scheme", "the sanctions regime").
Quotation detection cannot see a quotation whose marks the source lost. English only. On NeuS
the neutral summary is far less loaded than the outlets but not better in ROUGE than the plain
summary: differences stay within noise (about +0.1 on train, -0.0 to -0.3 on val; the 95%
interval on val is about +-0.7 points).
"""

from newsdigest.analysis.framing.compare import article_terms, frame, wording_comparison
from newsdigest.analysis.framing.lexicons import lexicon, pattern_lexicon, vader_boosters, vader_lexicon
from newsdigest.analysis.framing.loaded import find_loaded, loaded_count, loaded_rate, loaded_terms, own_word_count, quoted_spans, unquoted_text
from newsdigest.analysis.framing.neutral import neutral_summary

__all__ = [
    "article_terms", "find_loaded", "frame", "lexicon", "loaded_count", "loaded_rate", "loaded_terms", "neutral_summary",
    "own_word_count", "pattern_lexicon", "quoted_spans", "unquoted_text", "vader_boosters", "vader_lexicon", "wording_comparison",
]
