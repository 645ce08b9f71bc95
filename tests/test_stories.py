"""Stories end to end: loose articles grouped per event, the store kept by `add`, read by
`stories` and `show`."""

import json
from pathlib import Path

from click.testing import CliRunner

import newsdigest
from newsdigest.cli import main

# Three fictional reports of a factory fire and three of an election, all on the same two days,
# with one outlet (Coastal Wire, Valley Courier) reporting both: the day's mixed folder.
MIXED = Path(__file__).parent / "data" / "mixed_day"
FIRE = {"fire1", "fire2", "fire3"}
ELECTION = {"elect1", "elect2", "elect3"}


def _groups(digest):
    return sorted(sorted(a.id for a in s.articles) for s in digest.stories)


def test_loose_articles_become_one_story_per_event():
    digest = newsdigest.summarize([MIXED], analysis=False)
    assert _groups(digest) == [sorted(ELECTION), sorted(FIRE)]
    ids = [s.id for s in digest.stories]
    assert len(set(ids)) == 2 and all(i.startswith("mixed_day-") for i in ids)
    for story in digest.stories:
        # Each summary speaks of its own event only.
        text = " ".join(s.text for s in story.summary).lower()
        members = {a.id for a in story.articles}
        if members == FIRE:
            assert "fire" in text or "blaze" in text or "flames" in text
            assert "lindqvist" not in text
        else:
            assert "lindqvist" in text and "fire" not in text


def test_one_story_flag_keeps_them_together():
    result = CliRunner().invoke(main, ["summarize", str(MIXED), "--summary-only", "--one-story", "-f", "json"])
    assert result.exit_code == 0, result.output
    stories = json.loads(result.output)["stories"]
    assert len(stories) == 1 and len(stories[0]["articles"]) == 6


def test_an_article_that_fits_nothing_is_its_own_story(tmp_path):
    for f in MIXED.glob("fire*.txt"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "odd.txt").write_text(
        "Title: Library extends opening hours\nSource: Town Bulletin\nDate: 2031-04-02\n\n"
        "The Eastbrook public library will open until 9 p.m. on weekdays from May, the library board "
        "announced. The change follows a survey of 1,200 readers.\n", encoding="utf-8")
    digest = newsdigest.summarize([tmp_path], analysis=False)
    groups = _groups(digest)
    assert ["odd"] in groups and sorted(FIRE) in groups
    odd = next(s for s in digest.stories if [a.id for a in s.articles] == ["odd"])
    assert odd.single_source and any("single source" in n for n in odd.notes)


def test_add_stories_show_round_trip(tmp_path):
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    first = runner.invoke(main, ["add", str(MIXED / "fire1.txt"), str(MIXED / "elect1.txt"), "--db", db,
                                 "--summary-only", "-f", "json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert len(report["new_stories"]) == 2 and report["added"] == ["fire1", "elect1"]
    # The rest of the day arrives: the new reports join the two stories; the two already stored
    # are recognised and stored once.
    second = runner.invoke(main, ["add", str(MIXED), "--db", db, "--summary-only", "-f", "json"])
    assert second.exit_code == 0, second.output
    report = json.loads(second.output)
    assert report["new_stories"] == [] and sorted(report["already_stored"]) == ["elect1", "fire1"]
    assert len(report["added"]) == 4 and len(report["summarized"]) == 2
    listing = json.loads(runner.invoke(main, ["stories", "--db", db, "-f", "json"]).output)["stories"]
    assert sorted(sorted(a["id"] for a in s["articles"]) for s in listing) == [sorted(ELECTION), sorted(FIRE)]
    for s in listing:
        assert set(s) >= {"id", "title", "outlets", "publishers", "articles", "first_seen", "updated"}
        assert s["publishers"] == 3
    fire = next(s for s in listing if {a["id"] for a in s["articles"]} == FIRE)
    shown = runner.invoke(main, ["show", fire["id"], "--db", db, "-f", "json"])
    assert shown.exit_code == 0, shown.output
    story = json.loads(shown.output)["stories"][0]
    assert story["id"] == fire["id"] and story["summary"]
    assert all(s["sources"] for s in story["summary"])
    # Ids are stable: the same input into a new store gives the same story ids.
    db2 = str(tmp_path / "again.db")
    runner.invoke(main, ["add", str(MIXED / "fire1.txt"), str(MIXED / "elect1.txt"), "--db", db2, "--no-summary"])
    runner.invoke(main, ["add", str(MIXED), "--db", db2, "--no-summary"])
    again = json.loads(runner.invoke(main, ["stories", "--db", db2, "-f", "json"]).output)["stories"]
    assert sorted(s["id"] for s in again) == sorted(s["id"] for s in listing)
    # A story not summarized yet is summarized on `show`.
    md = runner.invoke(main, ["show", fire["id"], "--db", db2, "-f", "md"])
    assert md.exit_code == 0 and "### Summary" in md.output


def test_merge_then_show_follows_the_merge(tmp_path):
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    runner.invoke(main, ["add", str(MIXED), "--db", db, "--no-summary"])
    listing = json.loads(runner.invoke(main, ["stories", "--db", db, "-f", "json"]).output)["stories"]
    a, b = (s["id"] for s in listing)
    assert runner.invoke(main, ["merge", a, b, "--db", db]).exit_code == 0
    merged = json.loads(runner.invoke(main, ["stories", "--db", db, "-f", "json"]).output)["stories"]
    assert [s["id"] for s in merged] == [a] and len(merged[0]["articles"]) == 6
    shown = runner.invoke(main, ["show", b, "--db", db, "-f", "json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["stories"][0]["id"] == a and "merged into" in shown.stderr
    split = runner.invoke(main, ["split", a, "fire1", "fire2", "fire3", "--db", db])
    assert split.exit_code == 0
    assert len(json.loads(runner.invoke(main, ["stories", "--db", db, "-f", "json"]).output)["stories"]) == 2


def test_unknown_story_and_bad_store_are_clear_errors(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["show", "st-nothing", "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "no story 'st-nothing'" in res.output
    res = runner.invoke(main, ["stories", "--db", str(tmp_path / "missing" / "x.db")])
    assert res.exit_code == 2 and "does not exist" in res.output
