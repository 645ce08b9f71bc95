"""Quotes: direct quotations, who said them, and which outlets print them.

Method (rule-based, one article at a time, then merged across the story):

1. Quotation marks are read per paragraph: curly marks by their shape, straight ones by the
   spaces around them. A quote left open at the end of a paragraph continues into the next one
   when that paragraph opens with a quote mark (news style); the parts are joined with one
   space. Otherwise the quote is unbalanced: if it holds its own attribution ('"We will stay,
   union leader X said on Friday.') it ends there, else at the end of the paragraph. Stray
   closing marks are ignored. Single quotes never delimit, so a quote inside a quote ('...'
   inside "...") stays part of the outer one; so does a short one in the same double marks,
   mid-sentence, when the next two marks close ('"Reporting that he shouted "Go home!" as he
   left."').
2. The speaker comes from, in order: the words right after the quote ('," X said', '," said
   X', ', according to X', any reporting verb before its speaker: '," scoffed X'; two-word verbs
   'X went on', 'X shot back', 'as X put it'; '"..." X said.' without its comma), the same
   sentence before it ('X said: "', 'X said the plan was "..."', 'According to X, "', 'Said X,
   who ..., "', and 'X called it "..."' (a short quote only right after the verb's object); when the verb next to the quote
   has no subject of its own, the subject opening the sentence: 'X smiled and said, "', 'X
   deflected questions before saying, "', and a sentence ending in a colon: 'X shot back: "',
   or a name alone before the colon: 'Pollsters agree - X: "';
   not through a relative clause, and a one-word name only when the article names that person
   elsewhere), and, for a
   quote with no attribution of its own, the previous quote (same paragraph, or the one closing
   the previous paragraph when this paragraph opens with the quote, also after a long
   attribution closing that paragraph) unless someone else is named in between. A news agency named after the quote ('," the agency said') gives way to a
   speaker named before it. 'he'/'she' is resolved to a person mention outside quotation marks
   before it: nearest sentence first, its speaker ('Trump, X said, has ...' -> X) then its
   subject first, a sentence whose subject is already a same-gender he/she passed over to the
   ones before it ('he said Ryan'), within four paragraphs, skipping people
   of the other gender (Mr/Ms/Mrs and gendered role words, 'X said she', 'X, who ... her',
   earlier resolutions, common given names). 'they'/'it', a lone 'said one' or anything unclear
   give None: precision first. A definite description ('the president', 'the US President',
   'the 35-year-old reclusive leader', "Trump's press secretary") is the person the article
   gives that title or role (titles before a name, appositives 'Ortiz, the president,' and
   'Kim, 35,'; most shared modifiers, then the nearest earlier holder); one naming a thing ('the
   President's schedule', 'the ad', 'Twitter') gives None. '..., saying: "' and any participle after a
   comma (', writing "', ', telling reporters') take the subject opening the clause (a name,
   he/she, or a description such as 'The communications aide', resolved to the person titled so),
   never a name in that clause's object ('X took a shot at Y and Z, writing "' -> X); unclear
   past a relative clause. 'According to X, ...' makes X that sentence's speaker for a later he/she.
3. Names: adverbs and adjectives glued to a name ('Yet Trump', 'Cheerful Ortiz') are dropped;
   role words are stripped ('Spanish Foreign Minister Abel Matutes' -> 'Abel Matutes',
   'X of Paribas Ltd' -> X) and a short name becomes the fullest form the article uses ('Ortiz'
   -> 'Ana Ortiz'; a family name first, 'Li' -> 'Li Na', only when 'Na' is never used alone),
   then the story's when exactly one fuller form exists. Organisations and descriptions ('the
   ministry', 'a company spokesman', 'Tony Blair's office') are kept as written. When
   ``Article.entities`` is filled (ner.py), PERSON entities count as people and names inside
   other entities (GPE, ORG, ...) never do; without entities, capitalised runs are used, single
   words only with a title, a fuller form in the article, or as the subject of 'said'.
4. A quote cut by its attribution is one quote: '"A," X said, "B."' and, across a sentence
   boundary, '"A," X said. "B."' when B follows in the same paragraph, ends its sentence and has
   no attribution of its own, the same speaker, and nothing but the attribution between the
   parts (one reporting verb, at most MAX_ATTRIBUTION_WORDS words up to its comma, then at most
   MAX_ATTRIBUTION_TAIL_WORDS of who the speaker is and how or when they spoke: 'said X, a
   spokesman for Y, which represents Z', 'X said, referring to the resorts', 'she said, when
   asked about it'; 'X said after the meeting, adding that ...' and 'X said, smiling.' keep two
   quotes). Its text is the parts joined by
   OMISSION (' … '), each part verbatim, the first with the comma it had inside the marks.
5. Scare quotes and short terms (1-3 words) are dropped unless an attribution touches them
   ('"Never," he said', 'X called it "a disaster"', 'X described the plan as "dead"', not 'is
   called "X"') or they are said right after a verb or crowd noun ('chanting "Dump X."', 'chants
   of "Lock her up!"', 'the slogan "..."', and a second one after 'and'); Title Case quotes
   without either are dropped too (titles of works).
6. Across articles, two quotes are the same quote when at least 80% of the shorter one's words
   appear in order in the longer one (case, punctuation and British/American spelling
   ignored), unless their outlets name different people; a quote joins the group it shares
   the most words with. The entry's text is the longest version (verbatim parts, trailing comma
   dropped); other outlets' wordings are listed as variants unless they are the same words or
   excerpts (each ' … ' part a run of the entry's words, in order), so where an outlet cuts a
   quote for its attribution, or how much of it it prints, is no misquote. An outlet's second
   piece of a quote it printed in pieces we did not join adds no support but counts for
   variants; a longer quote than the one its article already gives there is a quote of its own.
   Support: per article, the sentence holding the opening mark (for a joined quote, the first
   part's sentence, which also names the speaker); an article that prints the quote twice, first
   with no attribution (a pull quote, a teaser) and then attributed, is read at the attributed one.

Curly marks typed the wrong way round are read by the spaces around them ('called it
“abhorrent“ in' closes), and a double prime after feet ('6’2”') is no quote mark; an opening
curly mark inside a quote, followed by two closing ones, nests a quoted clause of any length.
Words right before a short quote that name or cry it out (rules._CUE_BEFORE: 'an ad titled',
'what he calls', 'the term', 'jeered,') are recognised by marks._cued, which keeps no quote
today: measured on PolNeAR, keeping short quotes it marks brought titles of ads and shows in as
quotes without speakers (README, "Quotes and speakers on real news").

Limits: quotes delimited only by single quotes (British style) or dashes are not found; a quote
whose parts are apart by more than an attribution ('"A," she said, smiling. "B."') or by a
paragraph break stays two entries (the second keeps the speaker); pronoun
resolution knows no first-name genders, so two recent people of unknown gender can be
confused; an unattributed quote after an unrelated sentence keeps speaker None.
"""

from newsdigest.analysis.quotes.merge import find_quotes, normalized_tokens, same_quote

__all__ = ["find_quotes", "normalized_tokens", "same_quote"]
