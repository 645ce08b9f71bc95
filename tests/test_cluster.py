"""Behavioural tests for the online story clusterer on synthetic articles written for these tests."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsdigest.stories.cluster import StoryClusterer
from newsdigest.text.embed import default_model_path

MODEL = Path(default_model_path())
needs_model = pytest.mark.skipif(not MODEL.exists(), reason="bundled model2vec folder missing")

FIRE_A = {
    "title": "Fire destroys furniture warehouse in Springfield",
    "text": "A fire destroyed a furniture warehouse in Springfield early Tuesday, sending black smoke over "
            "the Maple Street district. Springfield fire chief Dana Ortiz said 60 firefighters fought the "
            "blaze for six hours and that no one was hurt. Investigators from the Illinois state fire marshal "
            "are working to determine the cause of the fire at the Hartwell Furniture building.",
}
FIRE_A2 = {
    "title": "Huge blaze levels Hartwell Furniture warehouse, Springfield chief says no injuries",
    "text": "Firefighters spent six hours battling a blaze that levelled the Hartwell Furniture warehouse in "
            "Springfield on Tuesday, chief Dana Ortiz said. The state fire marshal of Illinois is "
            "investigating what caused the fire on Maple Street.",
}
FIRE_B = {
    "title": "Fire tears through apartment block in Riverton",
    "text": "A fire tore through a six-storey apartment block in Riverton on Tuesday night, forcing 200 "
            "residents into the street. Riverton mayor Paul Greene said two people were taken to Mercy "
            "Hospital with smoke inhalation. The Oregon fire department said the cause of the fire was "
            "still under investigation.",
}
ELECTION = {
    "title": "Parliament passes budget after all-night session",
    "text": "Lawmakers in Canberra approved the government's budget on Thursday after an all-night debate, "
            "with Treasurer Alan Brooks promising tax relief for families and new spending on hospitals.",
}


def wire_copy(article: dict) -> dict:
    """A reprint of an article by another outlet: same body, a dateline and credit added."""
    return {"title": article["title"].upper(), "text": "SPRINGFIELD (AP) -- " + article["text"] + " (AP)"}


def random_article(rng: random.Random) -> dict:
    words = [f"w{rng.randrange(100000)}" for _ in range(40)]
    return {"title": " ".join(words[:8]), "text": " ".join(words)}


@pytest.fixture(scope="module")
def embed():
    return StoryClusterer(embed=str(MODEL)).embed if MODEL.exists() else None


@needs_model
def test_two_fires_in_different_cities_stay_apart(embed) -> None:
    c = StoryClusterer(embed=embed)
    a, b = c.add([FIRE_A, FIRE_B])
    assert a != b


@needs_model
def test_same_event_from_two_outlets_joins(embed) -> None:
    c = StoryClusterer(embed=embed)
    ids = c.add([FIRE_A, ELECTION, FIRE_B, FIRE_A2])
    assert ids[3] == ids[0]
    assert len(set(ids[:3])) == 3


@needs_model
def test_wire_copy_joins_its_original(embed) -> None:
    c = StoryClusterer(embed=embed)
    ids = c.add([FIRE_A, FIRE_B, ELECTION, wire_copy(FIRE_B), wire_copy(FIRE_A)])
    assert ids[3] == ids[1] and ids[4] == ids[0]


def test_wire_copy_joins_even_without_embeddings_or_similar_title() -> None:
    c = StoryClusterer(embed=None, threshold=0.999)  # scoring alone could never join here
    copy = dict(wire_copy(FIRE_A), title="Blaze")
    ids = c.add([FIRE_A, ELECTION, copy])
    assert ids[2] == ids[0] != ids[1]


@needs_model
def test_ids_are_stable_when_fed_in_pieces(embed) -> None:
    stream = [FIRE_A, ELECTION, FIRE_B, FIRE_A2, wire_copy(FIRE_B)]
    whole = StoryClusterer(embed=embed).add(stream)
    c = StoryClusterer(embed=embed)
    pieces = c.add(stream[:2]) + c.add(stream[2:3]) + c.add(stream[3:])
    assert pieces == whole
    assert whole[0] == 0 and whole[1] == 1  # ids are issued in order of first appearance
    assert c.add([FIRE_A2])[0] == whole[0]  # an old id keeps its meaning


def test_memory_is_bounded_and_old_stories_expire() -> None:
    rng = random.Random(0)
    c = StoryClusterer(embed=None, window=50)
    first = c.add([FIRE_A])[0]
    c.add([random_article(rng) for _ in range(3000)])
    assert c.n_active <= 50 + 50 + 1  # window plus one eviction period
    assert len(c._lsh) <= 8 * c.n_active
    assert c.add([wire_copy(FIRE_A)])[0] != first  # expired: a copy now starts a new story


def test_dated_story_stays_active_within_date_window() -> None:
    rng = random.Random(1)
    c = StoryClusterer(embed=None, window=5, date_window_days=7, threshold=0.999)
    first = c.add([dict(FIRE_A, date="2020-05-01")])[0]
    c.add([random_article(rng) for _ in range(200)])  # undated filler: no date progress
    assert c.add([dict(wire_copy(FIRE_A), date="2020-05-03")])[0] == first
    c.add([dict(random_article(rng), date="2020-06-30")])  # the stream moves on by two months
    c.add([random_article(rng) for _ in range(60)])
    assert c.add([dict(wire_copy(FIRE_A), date="2020-07-01")])[0] != first


@needs_model
def test_reports_of_the_same_kind_of_event_years_apart_stay_apart(embed) -> None:
    """A small batch (well inside the article window) of two outlets' reports on each of two
    events three years apart: same words, same outlets, two stories."""
    c = StoryClusterer(embed=embed)
    ids = c.add([dict(FIRE_A, date="2014-11-29"), dict(FIRE_A2, date="2014-11-30"),
                 dict(FIRE_A, date="2017-11-17", id="later-1"), dict(FIRE_A2, date="2017-11-18", id="later-2")])
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]


def test_missing_fields_are_tolerated() -> None:
    c = StoryClusterer(embed=None)
    ids = c.add([{"title": None, "text": ""}, {"text": "only text here"}, {"title": "only title", "date": "bad"}])
    assert len(ids) == 3
