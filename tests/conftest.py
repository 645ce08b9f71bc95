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
    from newsdigest import summarize

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
