from newsdigest.io.render import story_markdown, to_html
from newsdigest.model import Article, Digest, Player, Story


def _story():
    story = Story(id="s", articles=[Article(id="a", source="Daily Planet", text="Mayor Ann Cole spoke.")])
    story.analyzed = True
    story.key_players = [
        Player(name="Ann Cole", kind="person", mentions=3, sources=["Daily Planet", "Morning Star"]),
        Player(name="Harlow", kind="place", mentions=1, sources=["Daily Planet"]),
    ]
    return story


def test_key_player_counts_agree_in_number():
    # Real-data review: "1 mentions in 1 outlets".
    text = story_markdown(_story())
    assert "Ann Cole (person): 3 mentions in 2 outlets" in text
    assert "Harlow (place): 1 mention in 1 outlet" in text
    assert "1 mentions" not in text and "1 outlets" not in text
    assert "1 outlet, 1 article: Daily Planet" in text


def test_key_player_counts_agree_in_number_in_html():
    page = to_html(Digest(stories=[_story()]))
    assert "1 mention in 1 outlet<" in page
