"""Render a ``Digest`` as JSON (the contract), Markdown, or a self-contained HTML page."""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

from newsdigest.model import Digest, Story

FORMATS = ("json", "md", "html")


def to_json(digest: Digest) -> str:
    return json.dumps(digest.to_dict(), ensure_ascii=False, indent=2)


# --- untrusted text in the reading formats ---------------------------------------------------
# Everything that comes from the input (article text, titles, outlet names, ids, URLs, notes that
# quote them) is data: it must not become markup, a link or a new block in Markdown or HTML.

# Characters that have no place in a link we show: C0/C1 controls, DEL and any whitespace. Browsers
# drop some of them before reading the scheme ("jav\tascript:"), so a URL holding one is refused
# rather than repaired.
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) link with a host, else None (``javascript:``,
    ``data:``, ``jav\tascript:``, relative, scheme-less or malformed values are never made links).
    The one place that decides what becomes a link: Markdown, HTML export and the reading page."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _URL_FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


_MD_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "\\": "\\\\"}
# "&" only where it would start a character reference ("&amp;", "&#38;"): a plain "&" ("AT&T",
# "conservation & herds") means itself in Markdown and reads better as written.
_MD_SPECIAL_RE = re.compile(r"&(?=(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)|[<>\[\]\\]")
_LINE_BREAK = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


def md(text: object) -> str:
    """Input text for a Markdown line: one line (a break would start a block: a heading, a
    quote), no raw HTML (``<`` ``>`` and an ``&`` that starts a character reference, as entities)
    and no link syntax (brackets escaped)."""
    return _MD_SPECIAL_RE.sub(lambda m: _MD_SPECIAL[m.group()], _LINE_BREAK.sub(" ", str(text)))


def md_cell(text: object) -> str:
    """``md`` for a table cell: a ``|`` would end the cell."""
    return md(text).replace("|", "\\|")


def md_code(text: object) -> str:
    """Input text in a code span: nothing inside is markup, but a backtick would close the span
    and a line break could start a block."""
    return "`" + _LINE_BREAK.sub(" ", str(text)).replace("`", "'") + "`"


def md_link(url: str | None) -> str | None:
    """An autolink for an http(s) URL, with the characters that could close it (``>``, ``<``,
    spaces) percent-encoded; None for any other URL."""
    safe = safe_url(url)
    if safe is None:
        return None
    return "<" + re.sub(r'[<>"`\x00-\x20\x7f]', lambda m: f"%{ord(m.group()):02X}", safe) + ">"


def _article_line(story: Story, article_id: str) -> str:
    a = story.article(article_id)
    bits = [f"**{md(a.source)}**"]
    if a.title:
        bits.append(f"“{md(a.title)}”")
    if a.date:
        bits.append(md(a.date))
    if a.url:
        bits.append(md_link(a.url) or md(a.url))
    line = ", ".join(bits)
    if a.duplicate_of:
        line += f" (copy of {md_code(a.duplicate_of)})"
    return line


def _srcs(sources: list[str]) -> str:
    return md("; ".join(sources))


def story_markdown(story: Story) -> str:
    lines = [f"## {md(story.id)}", ""]
    n_copies = sum(1 for a in story.articles if a.duplicate_of)
    copies = f"; {n_copies} copied from another" if n_copies else ""
    lines.append(f"{_n(len(story.outlets), 'outlet')}, {_n(len(story.articles), 'article')}{copies}: {md(', '.join(story.outlets))}")
    for note in story.notes:
        lines.append(f"\n> Note: {md(note)}")
    lines += ["", "### Summary", ""]
    if not story.summary:
        lines.append("_No sentence could be verified against its sources._")
    for s in story.summary:
        lines.append(f"- {md(s.text)} [{_srcs(s.sources)}]")
    if story.analyzed:
        lines += _analysis_markdown(story)
    lines += ["", "### Sources", ""]
    for a in story.articles:
        lines.append(f"- {md_code(a.id)}: {_article_line(story, a.id)}")
    return "\n".join(lines)


# Long lists are cut in the reading formats (the JSON keeps every item).
SHOWN = 10


def _more(items: list, lines: list[str]) -> None:
    if len(items) > SHOWN:
        lines.append(f"- _... and {len(items) - SHOWN} more in the JSON output_")


def _analysis_markdown(story: Story) -> list[str]:
    lines: list[str] = []
    if story.neutral_summary and [s.text for s in story.neutral_summary] != [s.text for s in story.summary]:
        lines += ["", "### Neutral summary", "", "_The least loaded wording of each fact._", ""]
        lines += [f"- {md(s.text)} [{_srcs(s.sources)}]" for s in story.neutral_summary]
    lines += ["", "### Corroborated", ""]
    if not story.corroborated:
        lines.append("_No fact is stated by two or more independent publishers._")
    for f in story.corroborated[:SHOWN]:
        lines.append(f"- {md(f.text)} [{_srcs(f.sources)}] ({f.count} publishers)")
    _more(story.corroborated, lines)
    if story.unique_claims:
        lines += ["", "### Reported by one outlet only", ""]
        lines += [f"- {md(f.text)} [{md(f.sources[0])}]" for f in story.unique_claims[:SHOWN]]
        _more(story.unique_claims, lines)
    lines += ["", "### Contradictions", ""]
    if not story.contradictions:
        lines.append("_No outlets disagree on a number, date, time or name of the same fact._")
    for c in story.contradictions:
        lines.append(f"- **{md(c.text)}**")
        lines += [f"  - {md(cl.source)}: {md(cl.value)} (“{md(cl.text)}”)" for cl in c.claims]
    if story.quotes:
        lines += ["", "### Quotes", ""]
        for q in story.quotes[:SHOWN]:
            who = q.speaker or "unattributed"
            lines.append(f"- “{md(q.text)}” ({md(who)}) [{_srcs(q.sources)}]")
            lines += [f"  - worded differently by {md(v.source)}: “{md(v.text)}”" for v in q.variants]
        _more(story.quotes, lines)
    if story.framing:
        lines += ["", "### Framing", "", "| outlet | loaded sentences per article | sentences of its own | loaded terms |",
                  "|---|---:|---:|---|"]
        for f in story.framing:
            terms = ", ".join(dict.fromkeys(t.term for t in f.loaded_terms)) or "none"
            unsure = " (unsure)" if f.confidence == "unsure" else ""
            lines.append(f"| {md_cell(f.source)} | {f.score:.2f}{unsure} | {f.sentences} | {md_cell(terms)} |")
        # A score that cannot rank its outlet says why, as the JSON and the reading page do.
        notes = [f for f in story.framing if f.confidence == "unsure" and f.note]
        if notes:
            lines += ["", "Not ranked:", ""] + [f"- {md(f.source)}: {md(f.note)}" for f in notes]
        if story.framing_comparison:
            lines += ["", "Same fact, different wording:", ""]
            for item in story.framing_comparison[:5]:
                lines.append(f"- {md(item['fact'])}")
                for w in item["wordings"]:
                    terms = ", ".join(w["loaded_terms"]) or "no loaded terms"
                    lines.append(f"  - {md(w['source'])} ({md(terms)}): “{md(w['sentence'])}”")
    if story.timeline:
        lines += ["", "### Timeline", ""]
        lines += [f"- {md(e.date)}{' (expected)' if e.expected else ''}: {md(e.text)} [{_srcs(e.sources)}]"
                  for e in story.timeline]
    if story.key_players:
        lines += ["", "### Key players", ""]
        lines += [
            f"- {md(p.name)} ({md(p.kind)}): {_counted(p)}" for p in story.key_players
        ]
    return lines


def to_markdown(digest: Digest) -> str:
    parts = ["# News digest", ""]
    parts += [story_markdown(s) + "\n" for s in digest.stories]
    if digest.dropped:
        parts += ["## Skipped inputs", ""]
        parts += [f"- {md_code(d.input)}: {md(d.reason)}" for d in digest.dropped]
    return "\n".join(parts).rstrip() + "\n"


_CSS = """
body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#222}
h1,h2,h3{font-family:system-ui,sans-serif} h2{border-top:1px solid #ccc;padding-top:1rem}
.meta,.note{font-family:system-ui,sans-serif;font-size:.9rem;color:#555}
.note{background:#fff6d8;padding:.4rem .6rem;border-radius:4px}
details{margin:.2rem 0 .9rem} summary{cursor:pointer;list-style:none}
summary::-webkit-details-marker{display:none}
.cite{font-family:system-ui,sans-serif;font-size:.75rem;background:#e8eef8;color:#1a3e7a;
 border-radius:3px;padding:0 .3rem;margin-left:.2rem;white-space:nowrap}
.support{font-size:.9rem;border-left:3px solid #9ab;margin:.3rem 0 .3rem .5rem;padding-left:.6rem;color:#333}
.support b{font-family:system-ui,sans-serif;font-size:.8rem}
.copy{color:#a60;font-size:.8rem} ul.sources{font-size:.9rem}
blockquote{margin:.6rem 0;padding-left:.8rem;border-left:3px solid #ccc}
table.meta{border-collapse:collapse} table.meta td,table.meta th{border-bottom:1px solid #ddd;padding:.2rem .5rem;text-align:left}
"""


def _story_html(story: Story) -> str:
    e = html.escape
    out = [f'<section id="{e(story.id)}"><h2>{e(story.id)}</h2>']
    out.append(f'<p class="meta">{_n(len(story.outlets), "outlet")}, {_n(len(story.articles), "article")}: {e(", ".join(story.outlets))}</p>')
    for note in story.notes:
        out.append(f'<p class="note">{e(note)}</p>')
    out.append("<h3>Summary</h3>")
    if not story.summary:
        out.append("<p><em>No sentence could be verified against its sources.</em></p>")
    for s in story.summary:
        cites = "".join(f'<span class="cite">{e(src)}</span>' for src in s.sources)
        out.append(f"<details><summary>{e(s.text)} {cites}</summary>")
        for sup in s.support:
            a = story.article(sup.article_id)
            copy = f' <span class="copy">copy of {e(a.duplicate_of)}</span>' if a.duplicate_of else ""
            out.append(f'<div class="support"><b>{e(sup.source)}</b>{copy}: {e(sup.text)}</div>')
        out.append("</details>")
    if story.analyzed:
        out += _analysis_html(story)
    out.append('<h3>Sources</h3><ul class="sources">')
    for a in story.articles:
        title = e(a.title or a.id)
        url = safe_url(a.url)
        link = f'<a href="{e(url)}">{title}</a>' if url else title
        copy = f' <span class="copy">(copy of {e(a.duplicate_of)})</span>' if a.duplicate_of else ""
        out.append(f"<li><b>{e(a.source)}</b>: {link} {e(a.date or '')}{copy}</li>")
    out.append("</ul></section>")
    return "\n".join(out)


def _cites(sources: list[str]) -> str:
    return "".join(f'<span class="cite">{html.escape(src)}</span>' for src in sources)


def _analysis_html(story: Story) -> list[str]:
    e = html.escape
    out: list[str] = []
    if story.neutral_summary and [s.text for s in story.neutral_summary] != [s.text for s in story.summary]:
        out.append("<h3>Neutral summary</h3><ul>")
        out += [f"<li>{e(s.text)} {_cites(s.sources)}</li>" for s in story.neutral_summary]
        out.append("</ul>")
    out.append("<h3>Corroborated</h3><ul>")
    if not story.corroborated:
        out.append("<li><em>No fact is stated by two or more independent publishers.</em></li>")
    for f in story.corroborated[:SHOWN]:
        out.append(f"<li>{e(f.text)} {_cites(f.sources)} <span class=\"meta\">{f.count} publishers</span></li>")
    out.append("</ul>")
    if story.unique_claims:
        out.append("<h3>Reported by one outlet only</h3><ul>")
        out += [f"<li>{e(f.text)} {_cites(f.sources[:1])}</li>" for f in story.unique_claims[:SHOWN]]
        out.append("</ul>")
    out.append("<h3>Contradictions</h3>")
    if not story.contradictions:
        out.append("<p><em>No outlets disagree on a number, date, time or name of the same fact.</em></p>")
    for c in story.contradictions:
        out.append(f'<details class="contra"><summary><b>{e(c.text)}</b></summary>')
        out += [f'<div class="support"><b>{e(cl.source)}</b>: {e(cl.value)}: {e(cl.text)}</div>' for cl in c.claims]
        out.append("</details>")
    if story.quotes:
        out.append("<h3>Quotes</h3>")
        for q in story.quotes[:SHOWN]:
            out.append(f"<blockquote>“{e(q.text)}”<br><span class=\"meta\">{e(q.speaker or 'unattributed')}</span> "
                       f"{_cites(q.sources)}")
            out += [f'<div class="support">worded differently by <b>{e(v.source)}</b>: “{e(v.text)}”</div>'
                    for v in q.variants]
            out.append("</blockquote>")
    if story.framing:
        out.append('<h3>Framing</h3><table class="meta"><tr><th>outlet</th><th>loaded sentences per article</th>'
                   "<th>sentences of its own</th><th>loaded terms</th></tr>")
        for f in story.framing:
            terms = ", ".join(dict.fromkeys(t.term for t in f.loaded_terms)) or "none"
            unsure = f' <span class="meta" title="{e(f.note)}">(unsure)</span>' if f.confidence == "unsure" else ""
            out.append(f"<tr><td>{e(f.source)}</td><td>{f.score:.2f}{unsure}</td><td>{f.sentences}</td><td>{e(terms)}</td></tr>")
        out.append("</table>")
        notes = [f for f in story.framing if f.confidence == "unsure" and f.note]
        if notes:
            out.append('<p class="meta">Not ranked: ' + "; ".join(f"{e(f.source)}: {e(f.note)}" for f in notes) + "</p>")
        for item in story.framing_comparison[:5]:
            out.append(f"<details><summary>Same fact, different wording: {e(item['fact'])}</summary>")
            out += [f'<div class="support"><b>{e(w["source"])}</b> ({e(", ".join(w["loaded_terms"]) or "no loaded terms")}): '
                    f'{e(w["sentence"])}</div>' for w in item["wordings"]]
            out.append("</details>")
    if story.timeline:
        out.append("<h3>Timeline</h3><ul>")
        out += [f"<li><b>{e(ev.date)}</b>{' <i>(expected)</i>' if ev.expected else ''}: {e(ev.text)} "
                f"{_cites(ev.sources)}</li>" for ev in story.timeline]
        out.append("</ul>")
    if story.key_players:
        out.append("<h3>Key players</h3><ul>")
        out += [f"<li>{e(p.name)} <span class=\"meta\">({e(p.kind)}): {e(_counted(p))}</span></li>"
                for p in story.key_players]
        out.append("</ul>")
    return out


def to_html(digest: Digest) -> str:
    body = "\n".join(_story_html(s) for s in digest.stories)
    dropped = ""
    if digest.dropped:
        items = "".join(f"<li><code>{html.escape(d.input)}</code>: {html.escape(d.reason)}</li>" for d in digest.dropped)
        dropped = f"<h2>Skipped inputs</h2><ul>{items}</ul>"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>News digest</title><style>{_CSS}</style></head><body>"
        "<h1>News digest</h1><p class=\"meta\">Click a sentence to see the source sentences that state it.</p>"
        f"{body}{dropped}</body></html>\n"
    )


def render(digest: Digest, fmt: str) -> str:
    if fmt == "json":
        return to_json(digest) + "\n"
    if fmt == "md":
        return to_markdown(digest)
    if fmt == "html":
        return to_html(digest)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _n(count: int, noun: str) -> str:
    """'3 outlets', '1 outlet': a count with its noun in the right number."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _counted(player) -> str:
    """'3 mentions in 2 outlets', '1 mention in 1 outlet'."""
    return f"{_n(player.mentions, 'mention')} in {_n(len(player.sources), 'outlet')}"
