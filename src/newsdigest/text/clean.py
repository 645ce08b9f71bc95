"""Clean: repair broken text and remove page furniture, never the reporting itself.

Three passes over each article's text:
1. Mojibake: ftfy, then the cp1252-read-as-Mac-Roman damage ftfy leaves alone ("doesnít"), which
   is common in scraped news; it is repaired only where the text shows that exact damage.
2. Furniture: whole paragraphs that are photo captions or credits, bylines, "Read more"/"Sign up"
   prompts, share bars and the like. A paragraph is only removed when it *is* furniture, so a
   sentence of reporting that merely mentions a photo stays.
3. Whitespace: paragraphs separated by one blank line, single spaces inside them.

A leading wire dateline ("LONDON (AP) --", also "BOSTON—Text" with the dash against the word) is
split off into ``Article.dateline``, and an editor's label opening a paragraph ("UPDATE: 9 p.m.
--") is removed.
"""

from __future__ import annotations

import re

import ftfy

from newsdigest.model import Article

# --- mojibake ----------------------------------------------------------------------------------

# Windows-1252 punctuation bytes read as Mac Roman: ’ -> í, “ -> ì, ” -> î, – -> ñ, — -> ó.
_MACROMAN_APOSTROPHE = re.compile(r"(?<=[A-Za-z])í(?=(?:s|t|ll|re|ve|d|m)\b)")
_MACROMAN_OPEN_QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))ì(?=\S)", re.M)
_MACROMAN_CLOSE_QUOTE = re.compile(r"(?<=[\w.,!?])î(?=[\s.,;:!?)\]]|$)", re.M)
_MACROMAN_DASH = re.compile(r"(?<=\s)[ñó](?=\s)")


# Plain ASCII with no HTML entity and no control character is all ftfy would leave as it is.
_FTFY_WORK = re.compile(r"[&\x00-\x08\x0b\x0e-\x1f\x7f]")


def fix_mojibake(text: str) -> str:
    if text.isascii() and not _FTFY_WORK.search(text):
        return text  # about half the cleaning time on newswire, for an identical result
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    # Only touch í/ì/î where the apostrophe damage proves this text went through that mis-decoding;
    # otherwise "María" or Italian "così" would be corrupted.
    if len(_MACROMAN_APOSTROPHE.findall(text)) >= 1:
        text = _MACROMAN_APOSTROPHE.sub("\u2019", text)
        text = _MACROMAN_OPEN_QUOTE.sub("\u201c", text)
        text = _MACROMAN_CLOSE_QUOTE.sub("\u201d", text)
        text = _MACROMAN_DASH.sub("\u2013", text)
    return text


# --- furniture -----------------------------------------------------------------------------------

_CREDIT_WORDS = r"(?:Photo|Photograph|Image|Picture|Pictured|Video|Graphic|Illustration|Caption|Credit|Source: (?:Getty|AP|Reuters|AFP))"
_FURNITURE_PATTERNS = [
    # Captions and credits: "Photo: Jane Doe/Reuters", "(AP Photo/John Smith)", "Image credit: ..."
    rf"^[\[(]?\s*{_CREDIT_WORDS}s?\b\s*(?:credit|by)?\s*[:|/-]",
    r"\((?:AP|AFP|Reuters|EPA|Getty)\s+(?:Photo|Images|Photograph)[^)]*\)\s*$",
    r"^[\[(]?(?:AP|AFP|Reuters|EPA|Getty Images|Bloomberg|Shutterstock)\s*(?:Photo|Images)?\s*/\s*[^.]{0,60}[\])]?$",
    r"(?:Photograph|Photo|Image|Picture)\s*(?:credit)?\s*:\s*[^.]{0,80}$",
    r"^(?:FILE\s*[-–—]\s*)?(?:In this|This)\s+(?:file\s+)?(?:photo|image|picture)\b.*\((?:AP|AFP|Reuters)\s+Photo",
    # Bylines and reporting credits.
    r"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})*(?:\s*[,|]\s*[\w .'’-]{0,40})?$",
    r"^\(?(?:Reporting|Additional reporting|Writing|Editing|Compiled) by\b.*$",
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:\||,)\s*(?:Staff (?:Writer|Reporter)|Correspondent|Reporter|Contributor)\b.*$",
    # Calls to action and site chrome.
    r"^(?:Read|See) (?:more|also|next|the full story)\b",
    r"^(?:Related|RELATED|MORE|More)\s*(?:coverage|stories|reading)?\s*:",
    r"^(?:Sign up|Subscribe|Register|Log in|Click here|Tap here|Download (?:our|the) app)\b",
    r"^(?:Follow|Like) (?:us|him|her|them|@)\b.*(?:Twitter|Facebook|Instagram|X|TikTok|@).*$",
    r"^(?:Share|Share this|Share on|Email this|Print this|Comments?)\b.{0,40}$",
    r"^(?:Advertisement|ADVERTISEMENT|Sponsored(?: content)?|Skip (?:to content|Ad)|Continue reading.*)$",
    r"^(?:Copyright|©|\(c\))\s.*$",
    r"^All rights reserved\.?$",
    r"^This (?:story|article) (?:has been|was) (?:updated|corrected)\b.{0,120}$",
    r"^(?:Get|Sign up for) (?:our|the) .{0,60}newsletter\b.*$",
    # Inline ads: an imperative to buy with a price cut ("Shop the autumn sale ... up to 70% off!").
    r"^(?:Shop|Buy|Save|Order|Grab|Get|Book|Discover|Browse)\b.{0,160}(?:\d+\s*%\s*off|\bsale\b|discount|promo code|free (?:shipping|delivery))",
    r"\bup to \d+\s*%\s*off\b.{0,20}$",
    r"^(?:Trending|Most (?:read|popular|viewed)|Recommended|You (?:may|might) also like|Watch|WATCH|Listen|Video)\s*:?.{0,80}$",
    r"^(?:Share|Tweet|Pin|Email|Print|Copy link|WhatsApp|Facebook|Twitter|LinkedIn|Reddit|Messenger)(?:\s+(?:this|on|via|to)\b.{0,30})?$",
]
_FURNITURE = [re.compile(p, re.I if not p.startswith("^By") else 0) for p in _FURNITURE_PATTERNS]
# Furniture is short; reporting paragraphs that happen to match a loose pattern are long.
_MAX_FURNITURE_WORDS = 40
_MAX_FURNITURE_CHARS = 1000


def is_furniture(paragraph: str) -> bool:
    p = paragraph.strip()
    if not p:
        return True
    if len(p) > _MAX_FURNITURE_CHARS or len(p.split()) > _MAX_FURNITURE_WORDS:
        return False
    return any(rx.search(p) for rx in _FURNITURE)


# --- captions by shape ----------------------------------------------------------------------------
# A photo caption often carries no credit word: "A and B meet at the X hotel in Geneva". Its shape
# gives it away: short, no sentence-final punctuation (or a credit line right after it), no verb of
# narration, and often a present-tense caption verb or "at"/"during".
_MAX_CAPTION_WORDS = 45
_NARRATION = re.compile(
    r"\b(?:said|says|told|reported|according to|announced|added|stated|asked|wrote|explained|"
    r"confirmed|denied|insisted|warned|was|were|had|has been|have been|would|will)\b",
    re.I,
)
_CAPTION_VERB = re.compile(
    r"\b(?:meets?|greets?|waves?|arrives?|speaks?|attends?|poses?|shakes?|gestures?|walks?|leaves?|"
    r"looks? on|listens?|smiles?|sits?|stands?|holds?|delivers?|addresses?|is seen|are seen|"
    r"pictured|during|at|in)\b",
    re.I,
)
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$|[\"”’]$")
_CREDIT_LINE = re.compile(
    rf"^[\[(]?\s*(?:{_CREDIT_WORDS}s?\b\s*(?:credit|by)?\s*[:|/-]?|(?:Photo|Picture|Image)s? by\b|"
    r"(?:AP|AFP|Reuters|EPA|Getty Images|Bloomberg|Shutterstock|PA)\s*(?:Photo|Images)?\s*$)",
    re.I,
)


def is_credit_line(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line.split()) <= 12 and bool(_CREDIT_LINE.match(line))


def is_caption(paragraph: str, followed_by_credit: bool = False) -> bool:
    """A short paragraph that is a photo caption (or a headline, share-bar word, related-link
    title) by its shape: never a sentence of reporting, which ends in a full stop."""
    p = paragraph.strip()
    words = p.split()
    if not words or len(words) > _MAX_CAPTION_WORDS:
        return False
    if _NARRATION.search(p):
        return False
    if '"' in p or "\u201c" in p:
        return False  # a quotation is never a caption
    if not _TERMINAL.search(p):
        return True  # no final punctuation: not a sentence of the report
    return followed_by_credit and bool(_CAPTION_VERB.search(p))


def drop_furniture(paragraphs: list[str]) -> list[str]:
    """Paragraphs that are not furniture: credit words and share/ad/link shapes, captions by shape
    (a short paragraph without final punctuation, or one followed by a credit line), and a caption
    block whose own last line is a credit ("... waves to crowds\nPhoto by Kim Lars")."""
    out = []
    for k, p in enumerate(paragraphs):
        lines = [line for line in p.split("\n") if line.strip()]
        if len(lines) > 1 and is_credit_line(lines[-1]):
            body = " ".join(lines[:-1])
            if is_caption(body, followed_by_credit=True):
                continue
            p = "\n".join(lines[:-1])
        flat = " ".join(p.split())
        if is_furniture(flat):
            continue
        nxt = " ".join(paragraphs[k + 1].split()) if k + 1 < len(paragraphs) else ""
        if is_caption(flat, followed_by_credit=is_credit_line(nxt)):
            continue
        out.append(" ".join(line.strip() for line in p.split("\n") if line.strip()))
    return out


# --- datelines -----------------------------------------------------------------------------------

# "LONDON (AP) --", "WASHINGTON, Oct. 5 (Reuters) -", "PARIS —", "BEIRUT, Lebanon (AP) _",
# "GENEVA, Feb 28 (Reuters) -", "Geneva (Reuters) -", "GENEVA:" (a colon only after a city in capitals).
AGENCIES = r"(?:AP|AFP|Reuters|UPI|Xinhua|dpa|DPA|CNN|Bloomberg|ANI|PTI|IANS|Yonhap|Kyodo|TASS|ANSA|EFE|[A-Z]{2,6})"
_DATELINE = re.compile(
    r"^(?P<dateline>(?:[A-Z][A-Z .'’-]{2,40}|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?=\s*(?:,[^,]{1,30})?\s*\(" + AGENCIES + r"\)))"
    r"(?:,\s*[A-Z][\w.' ]{1,30}){0,2}"
    r"(?:\s*\(" + AGENCIES + r"\))?)\s*(?:(?:--|–-|—-|—|–|―|-|_)\s+|(?:—|–|―)(?=[A-Z\"“]))"
)
_COLON_DATELINE = re.compile(r"^(?P<dateline>[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.' ]{1,30})?):\s+(?=[A-Z\"“])")
# All-caps labels that open a paragraph with a colon but are no place.
_NOT_PLACES = {"UPDATE", "UPDATED", "BREAKING", "WATCH", "READ", "EXCLUSIVE", "LIVE", "VIDEO", "PHOTOS", "OPINION",
               "ANALYSIS", "EDITOR'S NOTE", "NOTE", "CORRECTION", "FILE", "SOURCE", "PHOTO", "Q", "A"}


# An editor's label opening a paragraph: "UPDATE: 9 p.m. -- ...", "Updated: ...", "UPDATE - May 30,
# 10 p.m.: ...", "UPDATE 2:52 p.m. -- ...". The report goes on after it; the label is no part of
# any sentence.
_UPDATE_LABEL = re.compile(
    r"^(?:UPDATED?|Updated?)(?=[\s:\-–—―])[\s:\-–—―]*"
    r"(?:(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s*)?"
    r"(?:\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?:\s*(?:ET|EDT|EST|PT|PDT|PST))?|\d{1,2}/\d{1,2}(?:/\d{2,4})?)?"
    r"\s*(?::|--|—|–|―|-)\s*)?(?=[A-Z\"“])"
)


def strip_update_label(paragraph: str) -> str:
    """The paragraph without an editor's "UPDATE:" label (with its time) at its start."""
    m = _UPDATE_LABEL.match(paragraph)
    if not m or not re.search(r"[:\-–—―]", m.group(0)):
        return paragraph  # "Updated figures show ..." is a sentence, not a label
    return paragraph[m.end():]


def split_dateline(text: str) -> tuple[str | None, str]:
    m = _DATELINE.match(text)
    if not m:
        m = _COLON_DATELINE.match(text)
        if not m or m.group("dateline").split(",")[0].strip() in _NOT_PLACES:
            return None, text
    return m.group("dateline").strip(), text[m.end():]


# --- whitespace ----------------------------------------------------------------------------------


# A line that ends like this does not end its sentence: a wrapped line ("... with U.S.\nSecretary").
_OPEN_LINE_END = re.compile(
    r"(?:\b(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|St|Jr|No|Feb|Jan|Aug|Sept?|Oct|Nov|Dec)\.|[,;(\-–]|\b(?:and|or|of|the|a|an|to|in|on|at|with|for|by|from|that|said)) *$"
)


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Lines as paragraphs (a text without blank lines), a line break inside a sentence undone:
    a line ending in an abbreviation, a comma or a function word, or followed by a lowercase word,
    goes on in the next line."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if out and stripped and out[-1].strip() and (
            _OPEN_LINE_END.search(out[-1][-40:]) or stripped[0].islower()
        ):
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(line)
    return out


def paragraphs_of(text: str, keep_lines: bool = False) -> list[str]:
    """Split into paragraphs: blank lines separate them; if there are none, every line is one
    (a line broken inside a sentence joined to the next). ``keep_lines`` keeps the line breaks
    inside a paragraph (the furniture pass reads a credit line under a caption)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n+", text)
    else:
        blocks = _join_broken_lines(text.split("\n")) if "\n" in text else [text]
    out = []
    joiner = "\n" if keep_lines else " "
    for block in blocks:
        block = re.sub(r"[ \t\u00a0\u2000-\u200b\u3000]+", " ", block)
        # Whitespace around line breaks becomes one space. Split and strip, not re.sub(r"\s*\n\s*"):
        # that retries at every character of a long run of other spaces (U+202F ...) and is quadratic.
        block = joiner.join(part for part in (line.strip() for line in block.split("\n")) if part)
        if block:
            out.append(block)
    return out


# No word is this long ("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz" has 63
# letters, a SHA-256 in hex 64): a longer run of word characters is debris, and name and word
# patterns that scan such a run from each of its letters take quadratic time. It is broken into
# pieces of this length.
MAX_WORD_CHARS = 200
_LONG_WORD = re.compile(r"(?<!\w)\w{%d,}" % (MAX_WORD_CHARS + 1))


def break_long_words(text: str) -> str:
    if len(text) <= MAX_WORD_CHARS:
        return text
    return _LONG_WORD.sub(
        lambda m: " ".join(m.group()[i:i + MAX_WORD_CHARS] for i in range(0, len(m.group()), MAX_WORD_CHARS)), text
    )


# No news paragraph is this long; a longer one is a text without paragraph breaks, which the
# per-paragraph stages (quotation marks are read paragraph by paragraph) would take in one piece.
# It is split at a sentence end (else a space) before each multiple of this length: the last one
# outside quotation marks, so a quote of several sentences stays in one piece ('"A," X said. "B.
# C."' cut after B left C outside the quote), else the last one at all.
MAX_PARAGRAPH_CHARS = 5000
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]* ")


def _marks(text: str, lo: int, hi: int) -> tuple[int, int, int]:
    """Straight, opening and closing double quote marks in text[lo:hi]."""
    return text.count('"', lo, hi), text.count("\u201c", lo, hi), text.count("\u201d", lo, hi)


def split_long_paragraph(paragraph: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    pieces = []
    start = 0
    while len(paragraph) - start > limit:
        window_lo, window_hi = start + limit // 2, start + limit
        end = outside = None
        # Marks counted from the piece's start (outside any quote) to each sentence end in turn:
        # a quote is open there when straight marks are odd or more curly ones opened than closed.
        straight, opened, closed, at = 0, 0, 0, start
        for m in _SENTENCE_END.finditer(paragraph, window_lo, window_hi):
            end = m.end()
            s, o, c = _marks(paragraph, at, end)
            straight, opened, closed, at = straight + s, opened + o, closed + c, end
            if straight % 2 == 0 and opened <= closed:
                outside = end
        end = outside or end
        if end is None:
            cut = paragraph.rfind(" ", window_lo, window_hi)
            end = cut + 1 if cut > start else window_hi
        pieces.append(paragraph[start:end].strip())
        start = end
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


def clean_text(text: str, title: str | None = None) -> tuple[str, str | None]:
    """Cleaned text (paragraphs joined by blank lines) and the dateline, if there was one."""
    paragraphs = [
        piece
        for p in drop_furniture(paragraphs_of(break_long_words(fix_mojibake(text)), keep_lines=True))
        for piece in (split_long_paragraph(p) if len(p) > MAX_PARAGRAPH_CHARS else [p])
    ]
    paragraphs = [strip_update_label(p) for p in paragraphs]
    # Extracted pages often repeat the headline as the first paragraph; it is not a sentence.
    if paragraphs and title and paragraphs[0].strip().rstrip(".") == title.strip().rstrip("."):
        paragraphs = paragraphs[1:]
    dateline = None
    # The dateline opens the story: short paragraphs before it (a caption, a headline) are page
    # furniture; it is looked for in the first three paragraphs.
    for k, p in enumerate(paragraphs[:3]):
        found, rest = split_dateline(p)
        if found and all(len(q.split()) <= _MAX_CAPTION_WORDS for q in paragraphs[:k]):
            dateline = found
            again, after = split_dateline(rest)  # a page's "CITY:" over the story's "CITY —"
            if again:
                rest = after
            paragraphs = [rest] + paragraphs[k + 1:]
            break
    return "\n\n".join(p for p in paragraphs if p.strip()), dateline


def clean_article(article: Article) -> Article:
    if article.title:
        article.title = re.sub(r"\s+", " ", fix_mojibake(article.title)).strip()
    article.text, dateline = clean_text(article.text, article.title)
    if dateline and not article.dateline:
        article.dateline = dateline
    return article
