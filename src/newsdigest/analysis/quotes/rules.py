"""Quotes: the word lists and patterns the quote rules read (data, no logic)."""

from __future__ import annotations

import re


# Quotes shorter than this many words are scare quotes or terms unless directly attributed.
# How far back before a quote its attribution is looked for ('X, the ..., said: "'): a longer
# sentence is read from this many characters before the quote, which bounds the work per quote on
# run-on text.
MAX_BEFORE_CHARS = 600
# Quotations read per article (see speakers._article_quotes).
MAX_QUOTES_PER_ARTICLE = 300
MIN_QUOTE_WORDS = 4


# A quote left open runs into at most this many following paragraphs.
MAX_CONTINUATION_PARAGRAPHS = 6


# A pronoun speaker is looked for in this many paragraphs before the quote's own.
PRONOUN_WINDOW_PARAGRAPHS = 4


# Share of the shorter quote's words found in order in the other for "the same quote".
SAME_QUOTE_OVERLAP = 0.8


# Words between a reporting verb's subject and the quote's end, at most.
MAX_SPEAKER_WORDS = 12


# Words between the two parts of a quote its attribution cuts ('"A," X said, "B."'), at most.
MAX_ATTRIBUTION_WORDS = 12


# ... up to its reporting verb's comma; after it, at most this many more words of who the speaker
# is and how or when they spoke ('"A," X said, speaking on condition of anonymity to discuss the
# talks. "B."', 'said X, a spokesman for Y, which represents Z. "B."').
MAX_ATTRIBUTION_TAIL_WORDS = 20


_VERBS = frozenset("""
said says say saying told tells telling added adds adding asked asks stated states declared
explained explains noted notes continued continues insisted insists warned warns wrote writes
argued argues recalled recalls replied replies remarked announced acknowledged acknowledges
admitted admits conceded concedes complained complains cautioned emphasized emphasised stressed
stresses observed predicted suggested suggests urged urges vowed pledged promised claimed
maintained contended countered responded answered shouted yelled screamed cried quipped joked
tweeted posted testified concluded agreed charged exclaimed whispered fumed boasted confirmed
lamented mused reiterated demanded pleaded protested wondered thundered snapped retorted
recounted estimated predicted assured reminded barked beamed boomed gushed scoffed sneered
marveled marvelled interjected jokes quips reported concludes gloated cracked exhorted reacted
remembered opined declares announces responds counters cautions vows pledges predicts recounts
remarks demurred agrees queried queries asserted asserts claims
""".split())


# Two-word reporting verbs: the verb counts only with its particle ('X went on', 'X shot back',
# 'as X put it').
_PHRASAL_VERBS = {
    "went": "on", "goes": "on", "shot": "back", "fired": "back", "hit": "back", "pointed": "out",
    "points": "out", "put": "it", "puts": "it", "chimed": "in", "summed": "up", "sums": "up",
}


# Verbs that may come before the speaker: '"...," said X'.
_INVERTED_VERBS = frozenset("""
said says asked asks added adds wrote writes replied continued explained noted recalled insisted
warned declared stated answered responded countered remarked argued conceded admitted
acknowledged cautioned quipped joked shouted cried exclaimed suggested observed tweeted
testified told agrees agreed queried
""".split())


# Weak attributions, for quotes of MIN_QUOTE_WORDS or more only: 'X called it "..."'.
_WEAK_VERBS = frozenset({"called", "calls", "calling", "described", "describes", "describing", "dubbed", "termed",
                         "praised", "accused", "criticized", "criticised", "blamed", "thanked", "hailed",
                         "condemned", "denounced", "slammed", "mocked", "lauded", "credited", "faulted"})


# Words right before a short quote that make it words said or written, a name given or a title,
# not a scare quote: naming verbs ('an ad titled "Scam."', 'what he calls "the cartel"',
# 'calling it "absurd."', 'who goes by "Vito"', 'known here as "the full Grassley"'), verbs of
# crying out ('his friends jeered, "Do svidaniya!"', 'told the agency simply, "We lost."'), and
# nouns for a phrase ('the term "kitchen sink"', 'had one message: "Dump Trump."'). Read on the
# words before the opening mark, in its paragraph.
_CUE_BEFORE = re.compile(
    r"\b(?:titled|entitled|dubbed|nicknamed|termed|reading|stating|echoing|jeered|jeering|shout|shouts|cry"
    r"|uttered|simply|go(?:es)?\s+by|known\s+(?:here\s+)?as"
    r"|(?:what|who|whom|which)\s+(?!(?:is|was|are|were|has|had|have|been)\b)(?:\w+\s+){1,3}"
    r"(?:called|calls|dubbed|termed)(?:\s+(?:it|them|him|her|(?:these|this|that|their|his|her)\s+\w+|a|an|the))?"
    r"|(?:called|calling|calls)\s+(?:it|them|him|her)"
    r"|(?:the|a|his|her|their)\s+(?:new\s+)?(?:term|phrase|slogan|motto|catchphrase|mantra|refrain)"
    r"|message\s*:)\s*[,:\u2014-]?\s*$",
    re.IGNORECASE,
)


# Role words and titles before a name. Words that are also common surnames (King, Bishop, Dean,
# Prince, Major, Pope) are left out: a name never loses its last word to them anyway.
_ROLES = frozenset("""
mr mrs ms miss dr prof sir dame lord lady mayor chief president vice prime minister secretary
senator sen rep representative gov governor lt gen general col colonel maj capt captain sgt
sergeant adm admiral cmdr commander professor judge justice magistrate prosecutor attorney
councilman councilwoman councillor councilor commissioner director chairman chairwoman chair
chairperson ambassador premier chancellor queen princess rev reverend father archbishop
cardinal rabbi imam sheikh officer detective det inspector superintendent supt constable coach
manager speaker leader deputy foreign interior defense defence finance treasury executive ceo
spokesman spokeswoman spokesperson sheriff marshal trooper agent pastor congressman
congresswoman assemblyman assemblywoman alderman lawmaker legislator founder editor
president-elect undersecretary ayatollah emir sultan crown provost minority majority whip
delegate state brig cpl pvt insp democrat republican independent
""".split())


# ("spokesman" and "chairman" are not here: papers use them for women too, "spokesman Hope X".)
_MALE_WORDS = frozenset("""mr sir lord king prince councilman congressman
assemblyman alderman father brother uncle businessman policeman fireman""".split())


_FEMALE_WORDS = frozenset("""mrs ms miss lady dame queen princess councilwoman congresswoman
chairwoman spokeswoman assemblywoman sister mother aunt businesswoman policewoman""".split())


_ORG_WORDS = frozenset("""
ministry department office agency police company corp corporation inc ltd llc plc party committee
council commission association union university college school bank group court army navy
force forces service services authority board bureau institute foundation hospital motors times
news post press herald journal tribune daily government parliament congress senate house church
federation league club team organization organisation fund center centre network airlines
airways systems technologies industries administration campaign embassy mission coalition
alliance movement front cabinet legislature assembly secretariat yard exchange reserve media
radio television tv channel magazine newspaper website page station logistics group holdings
partners ministry's department's
""".split())


# After-quote speakers that relay someone else's words rather than speak them.
_MEDIA_WORDS = frozenset("""agency news newspaper radio television tv report reports magazine
website channel broadcaster interfax xinhua itar-tass reuters ap afp wire""".split())


_PRONOUNS = {"he": "m", "she": "f"}


_OTHER_PRONOUNS = frozenset("they it we i you who which that this these those".split())


_DETERMINERS = frozenset("""the a an its his her their our one another two three several some
many most this that these those each both""".split())


_LONE_DETERMINERS = frozenset("one another some many most several both each others other".split())


# Words after which a new clause (and so a new subject) starts.
_CLAUSE_WORDS = frozenset("which who whom that and but because when while where as if so than though although".split())


# Bare nouns that can name a speaker without a determiner ("police said").
_COLLECTIVE = frozenset("police staff management security military government".split())


_PREPOSITIONS = frozenset("of for to in at from on with by near under over about into after before during".split())


_CONJUNCTIONS = frozenset("and but so then yet or also meanwhile still however".split())


_ADVERBS = frozenset("""later also again then earlier previously recently once still often
repeatedly today yesterday tonight monday tuesday wednesday thursday friday saturday sunday
has had have was is were would will could can may might had already then""".split())


# Phrases that open a sentence without being its subject ("In a statement, X said").
_ADVERBIAL_STARTS = frozenset("""in on at after before during when while asked speaking writing
however meanwhile still but and yet also later earlier then now today yesterday last this since
as with without for from under despite although though because if unlike like according instead
separately similarly elsewhere overall by here there back""".split())


# Words that end a speaker named after its verb ('said X in a statement', 'said X, who ...').
_NP_STOPS = frozenset("""who whose which that in on at during after before from to with by via
when while as and but adding according because since last this on""".split())


_NAME_STOPS = frozenset("""the a an and but or if in on at of for to from by with as when while
after before during this that these those his her its their our my your i we you he she they it
there here what who why how not no yes january february march april june july august september
october november december monday tuesday wednesday thursday friday saturday sunday""".split())


# Lower-case words inside organisation names ("National Council of Resistance in Iran").
_ORG_CONNECTORS = frozenset("of for and on in".split())


_NAME_CONNECTORS = frozenset("de da del della der den di du van von bin ibn al el la le dos das y".split())


_ABBREVIATIONS = frozenset("""mr mrs ms dr prof sen rep gov gen lt col maj capt sgt adm cmdr rev
det supt st jr sr mt ft brig cpl pvt insp hon atty messrs""".split())


_OPEN_MARKS = "\u201c\u201e\u00ab"


_CLOSE_MARKS = "\u201d\u00bb"


_MARK = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')


_WORD = re.compile(r"\w[\w’'\-\.]*\w|\w")


# Placeholder for the text of other quotes when reading the words around a quote.
_MASK = "\u2026"


# Joins the parts of a quote cut by its attribution: the journalist's mark for an omission.
OMISSION = " \u2026 "


# Common English given names (a hint for he/she; never decisive over a title or the text).
_MALE_FIRST = frozenset("""
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron
jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith
roger terry gerald harold sean austin carl arthur lawrence dylan jesse bryan billy joe
bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell
bobby mason philip louis ted bernie barack mitt jeb marco rand chris mike bill jim tom tim bob
dick newt rick ron ben vladimir xi boris emmanuel mohammed muhammad ahmed ali
hassan omar abdul ivan sergei dmitry igor luis carlos miguel pedro jorge antonio francisco
manuel hans karl klaus pierre jacques francois giuseppe marco paolo rudy reince newt
harry tony jimmy joel kurt martin howard ken jon dan max leo hugo felix oscar victor
""".split())


_FEMALE_FIRST = frozenset("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather
diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn
janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly
isabella theresa diana natalie brittany charlotte marie kayla alexis lori hillary carly
michele nikki sarah elizabeth condoleezza madeleine nancy theresa angela hilary
jill melania ivanka chelsea huma kellyanne sally molly holly ana eva irina olga
natasha svetlana yulia tatiana fatima aisha leila sonia rosa carmen lucia elena sofia
giulia ingrid ursula christiane monique claire chloe debbie barbra sheila tammy wendy kate
""".split())
GIVEN_NAMES = _MALE_FIRST | _FEMALE_FIRST


# Lower-case words of a title before a name that are no role word of their own ('communications
# aide Dana Ruiz', 'campaign strategist X'): a description may refer to that person by them.
_TITLE_NOUNS = frozenset("""
aide aides adviser advisor strategist consultant operative staffer pollster spokesman
spokeswoman communications campaign policy political senior top longtime former member
lawyer attorney analyst economist historian host anchor columnist commentator activist organizer
donor fundraiser surrogate billionaire businessman businesswoman mogul candidate nominee
front-runner frontrunner hopeful rival challenger incumbent
""".split())


# Heads of descriptions that name a thing, never a speaker ('the President's schedule').
_THING_HEADS = frozenset("""
schedule document documents memo memos letter letters filing filings ad ads advertisement
message messages website site page headline headlines book books article articles poster
posters sign signs banner banners slogan slogans tweet tweets post posts email emails
transcript transcripts law laws bill bills text texts video videos footage photo photos
picture pictures map maps chart charts table agenda itinerary label labels caption captions
note notes sheet sheets form forms card cards brochure flyer flyers leaflet leaflets script
eyes face voice hands title titles motto menu clause section article rule rules order orders
""".split())


# Heads of a possessive description that carry the owner's own words: "Mr. Braley's apology",
# "Ortiz's statement", "the mayor's letter" speak for their owner.
_UTTERANCE_HEADS = frozenset("""
apology statement statements letter letters tweet tweets post posts email emails memo memos
message messages note notes speech speeches remarks testimony op-ed response reply comment
comments announcement
""".split())


# Role words a description may end in, and the more general words that stand for them
# ('the leader' is whoever the article calls president, premier ...).
_ROLE_GENERAL = {
    "leader": frozenset("president premier chancellor king queen emperor chairman leader dictator minister prime".split()),
    "official": frozenset("secretary minister spokesman spokeswoman spokesperson director commissioner official".split()),
    "lawmaker": frozenset("senator sen rep representative congressman congresswoman lawmaker legislator".split()),
    "candidate": frozenset("candidate nominee".split()),
    # A member of the US House is "Representative X" and "the congressman" ("Rep." is spelled out).
    "congressman": frozenset("congressman representative".split()),
    "congresswoman": frozenset("congresswoman representative".split()),
}


# Abbreviated titles and the words a description uses for them.
_ROLE_SPELLED = {"sen": "senator", "gov": "governor", "rep": "representative", "pres": "president",
                 "gen": "general", "lt": "lieutenant", "col": "colonel", "capt": "captain", "sgt": "sergeant",
                 "adm": "admiral", "dr": "doctor", "prof": "professor", "atty": "attorney", "supt": "superintendent",
                 "det": "detective", "rev": "reverend"}


# Sentence adverbs and conjunctions that get glued to a name at the start of a sentence
# ('Yet Trump', 'Earlier Ortiz'): never a first name.
# Plural nouns for groups of people ('Latino Republicans', 'Liberals Elena Kagan ...'): a run
# ending in one names a group, and one glued before a name is no part of it.
_GROUP_PLURALS = frozenset("""republicans democrats liberals conservatives progressives independents
americans latinos hispanics muslims christians evangelicals catholics jews protesters supporters
voters officials critics""".split())


# Last words that make a capitalised run a place ('Hermenegildo Galeana Street').
_PLACE_HEADS = frozenset("street avenue boulevard plaza highway".split())  # (not Park, Lane, Road: surnames)


_GLUE_WORDS = frozenset("""
yet still earlier later meanwhile however but and so then now also even instead separately
similarly today yesterday tonight again once already finally eventually afterwards afterward
moreover furthermore nevertheless nonetheless indeed perhaps maybe surely clearly obviously
apparently undeterred unfazed initially ultimately previously recently subsequently there
thus hence besides likewise otherwise meantime overall notably predictably
""".split())


# Endings of adjectives and adverbs glued to a name ('Cheerful Ortiz', 'Smiling Kim').
_GLUE_SUFFIXES = ("ful", "ous", "less", "ish", "ing", "ive", "ly", "ably", "ibly")
