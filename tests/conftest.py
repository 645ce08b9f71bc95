import json
from pathlib import Path

import pytest

from newsdigest.cli import example_path

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return example_path()


@pytest.fixture(scope="session")
def example_digest(example_dir):
    from newsdigest.pipeline import summarize

    return summarize([example_dir], words=120)


@pytest.fixture
def shared_data() -> Path:
    if not (SHARED_DATA / "duc2003.jsonl").exists():
        pytest.skip(f"benchmark data not found at {SHARED_DATA} (only CI and developers have ../shared)")
    return SHARED_DATA


def write(path: Path, content, binary: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if binary:
        path.write_bytes(content)
    elif isinstance(content, (dict, list)):
        path.write_text(json.dumps(content), encoding="utf-8")
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- models, loaded once per session -----------------------------------------------------------


@pytest.fixture(scope="session")
def encoder():
    from newsdigest.text.embed import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def nlp():
    from newsdigest.analysis.ner import load_ner

    return load_ner()


# --- stories and gold sets ---------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSON Lines file, blank lines skipped."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def read_gold(path: Path) -> dict:
    """{id: gold} of a gold file whose records are {"id", "gold", ...}."""
    return {record["id"]: record["gold"] for record in read_jsonl(path)}


def make_story(records, nlp=None, story_id="t"):
    """A story of ``records`` prepared as the pipeline does (cleaned, segmented, duplicates marked),
    its entities annotated when ``nlp`` is given."""
    from newsdigest.summary.align import mark_duplicates
    from newsdigest.io.ingest import articles_from_records
    from newsdigest.model import Story
    from newsdigest.analysis.ner import annotate_entities
    from newsdigest.pipeline import prepare_articles

    articles = prepare_articles(articles_from_records(records).articles, [])
    mark_duplicates(articles)
    if nlp is not None:
        annotate_entities(articles, nlp)
    return Story(id=story_id, articles=articles)


def gold_clusters_of(path: Path, nlp) -> list:
    """[(cluster, story)] for each cluster {"id", "articles", "gold"} of a gold file."""
    return [(c, make_story(c["articles"], nlp, c["id"])) for c in read_jsonl(path)]


def gold_stories(path: Path, encoder) -> dict:
    """{id: (story, table, gold)} for a gold file of story records, each story summarized without
    analysis and its sentence table built. Fresh objects on each call: callers set their own fields."""
    from newsdigest.summary.align import build_table
    from newsdigest.pipeline import summarize

    gold = read_gold(path)
    out = {}
    for story in summarize(path, analysis=False).stories:
        out[story.id] = (story, build_table(story, encoder), gold[story.id])
    return out


def story_and_table(records, encoder):
    """The first story made of ``records`` (summary only) and its sentence table."""
    from newsdigest.summary.align import build_table
    from newsdigest.pipeline import summarize

    story = summarize(records, analysis=False).stories[0]
    return story, build_table(story, encoder)
