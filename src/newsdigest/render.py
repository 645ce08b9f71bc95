"""Render a ``Digest`` as JSON (the contract), Markdown, or a self-contained HTML page."""

from __future__ import annotations

import html
import json

from .model import Digest, Story

FORMATS = ("json", "md", "html")


def to_json(digest: Digest) -> str:
    return json.dumps(digest.to_dict(), ensure_ascii=False, indent=2)


def _article_line(story: Story, article_id: str) -> str:
    a = story.article(article_id)
    bits = [f"**{a.source}**"]
    if a.title:
        bits.append(f"“{a.title}”")
    if a.date:
        bits.append(a.date)
    if a.url:
        bits.append(f"<{a.url}>")
    line = ", ".join(bits)
    if a.duplicate_of:
        line += f" (copy of `{a.duplicate_of}`)"
    return line


def story_markdown(story: Story) -> str:
    lines = [f"## {story.id}", ""]
    n_copies = sum(1 for a in story.articles if a.duplicate_of)
    copies = f"; {n_copies} copied from another" if n_copies else ""
    lines.append(f"{len(story.outlets)} outlets, {len(story.articles)} articles{copies}: {', '.join(story.outlets)}")
    for note in story.notes:
        lines.append(f"\n> Note: {note}")
    lines += ["", "### Summary", ""]
    if not story.summary:
        lines.append("_No sentence could be verified against its sources._")
    for s in story.summary:
        lines.append(f"- {s.text} [{'; '.join(s.sources)}]")
    lines += ["", "### Sources", ""]
    for a in story.articles:
        lines.append(f"- `{a.id}`: {_article_line(story, a.id)}")
    return "\n".join(lines)


def to_markdown(digest: Digest) -> str:
    parts = ["# News digest", ""]
    parts += [story_markdown(s) + "\n" for s in digest.stories]
    if digest.dropped:
        parts += ["## Skipped inputs", ""]
        parts += [f"- `{d.input}`: {d.reason}" for d in digest.dropped]
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
"""


def _story_html(story: Story) -> str:
    e = html.escape
    out = [f'<section id="{e(story.id)}"><h2>{e(story.id)}</h2>']
    out.append(f'<p class="meta">{len(story.outlets)} outlets, {len(story.articles)} articles: {e(", ".join(story.outlets))}</p>')
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
    out.append('<h3>Sources</h3><ul class="sources">')
    for a in story.articles:
        title = e(a.title or a.id)
        link = f'<a href="{e(a.url)}">{title}</a>' if a.url else title
        copy = f' <span class="copy">(copy of {e(a.duplicate_of)})</span>' if a.duplicate_of else ""
        out.append(f"<li><b>{e(a.source)}</b>: {link} {e(a.date or '')}{copy}</li>")
    out.append("</ul></section>")
    return "\n".join(out)


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
