import json

from conftest import write

from newsdigest.io.ingest import decode_bytes, InputError, read_paths, normalize_date

ARTICLE = "Police said the bridge will reopen on Monday after repairs. The work cost $2 million, officials said."


def reasons(result):
    return {d.input: d.reason for d in result.dropped}


def test_text_file_header_gives_metadata(tmp_path):
    write(tmp_path / "a.txt", f"Title: Bridge reopens\nSource: Metro Daily\nDate: March 3, 2026\nURL: https://www.metro.example/x\n\n{ARTICLE}")
    result = read_paths([tmp_path])
    [a] = result.articles
    assert (a.title, a.source, a.date, a.url) == ("Bridge reopens", "Metro Daily", "2026-03-03", "https://www.metro.example/x")
    assert a.text.strip() == ARTICLE


def test_source_falls_back_to_url_domain_then_file_name(tmp_path):
    write(tmp_path / "one.json", {"text": ARTICLE, "url": "https://www.example-news.com/a/b"})
    write(tmp_path / "two.txt", ARTICLE)
    result = read_paths([tmp_path])
    sources = {a.id: a.source for a in result.articles}
    assert sources == {"one": "example-news.com", "two": "two"}


def test_json_list_and_newsapi_style_source(tmp_path):
    write(tmp_path / "list.json", [{"id": "x", "source": {"id": "t", "name": "The Times"}, "text": ARTICLE},
                                    {"id": "y", "publisher": "Post", "body": ARTICLE}])
    result = read_paths([tmp_path / "list.json"])
    assert [(a.id, a.source) for a in result.articles] == [("x", "The Times"), ("y", "Post")]


def test_jsonl_clusters_keep_their_ids_and_bad_lines_are_reported_with_line_numbers(tmp_path):
    lines = [json.dumps({"id": "c1", "articles": [{"source": "A", "text": ARTICLE}, {"source": "B", "text": ARTICLE}]}),
             "{not json",
             "",
             json.dumps({"id": "c2", "articles": [{"source": "C", "text": ARTICLE}, {"source": "D"}]})]
    path = write(tmp_path / "c.jsonl", "\n".join(lines))
    result = read_paths([path])
    assert [c.id for c in result.clusters] == ["c1", "c2"]
    assert [len(c.articles) for c in result.clusters] == [2, 1]
    r = reasons(result)
    assert "malformed JSON" in r[f"{path}:2"]
    assert r[f"{path}:4 article 1"] == "article has no text"


def test_malformed_json_file_reports_line(tmp_path):
    path = write(tmp_path / "bad.json", '{\n  "text": "x",\n  oops\n}')
    result = read_paths([path])
    assert not result.articles
    assert "line 3" in reasons(result)[str(path)]


def test_bad_inputs_are_dropped_with_reasons(tmp_path):
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "junk.txt", bytes(range(256)) * 10, binary=True)
    write(tmp_path / "nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    write(tmp_path / "image.png", b"\x89PNG\r\n", binary=True)
    write(tmp_path / "big.txt", "word " * 1000)
    write(tmp_path / "good.txt", ARTICLE)
    result = read_paths([tmp_path, tmp_path / "missing.txt"], max_bytes=4000)
    r = reasons(result)
    assert [a.id for a in result.articles] == ["good"]
    assert r[str(tmp_path / "empty.txt")] == "empty file"
    assert "binary" in r[str(tmp_path / "junk.txt")]
    assert "no article text" in r[str(tmp_path / "nav.html")]
    assert "unsupported file type .png" in r[str(tmp_path / "image.png")]
    assert "over the" in r[str(tmp_path / "big.txt")]
    assert r[str(tmp_path / "missing.txt")] == "no such file or folder"


def test_encodings_are_detected_not_replaced():
    text = "The café’s owner said “no comment” — twice. Prices rose 5% on Tuesday, the owner said."
    assert decode_bytes(text.encode("utf-16")) == text
    assert decode_bytes(text.encode("utf-8-sig")) == text
    assert decode_bytes(text.encode("cp1252")) == text
    latin = "Le café était fermé à Noël, selon le propriétaire de l'établissement."
    assert decode_bytes(latin.encode("latin-1")) == latin


def test_binary_is_rejected():
    import pytest

    with pytest.raises(InputError):
        decode_bytes(bytes(range(256)) * 10)


def test_html_page_main_text_without_navigation_or_comments(example_dir):
    result = read_paths([example_dir / "valley_courier.html"])
    [a] = result.articles
    assert a.source == "Valley Courier"
    assert "Pier 4" in a.text
    for junk in ("Spring sale", "JoeB", "Home |", "Copyright"):
        assert junk not in a.text


def test_dates_normalised():
    assert normalize_date("2026-03-11T10:00:00Z") == "2026-03-11"
    assert normalize_date("Tue, 10 Mar 2026 08:00:00 GMT") == "2026-03-10"
    assert normalize_date("sometime") == "sometime"
    assert normalize_date(None) is None


def test_records_without_a_publisher_are_each_their_own_outlet(tmp_path):
    # NeuS-style cluster: three outlets' leads, no names. One file-named outlet would count them as
    # one publisher (nothing corroborated); each article is its own unnamed outlet instead.
    other = "The mayor said the harbour bridge will reopen on Monday after repairs costing $2 million."
    path = write(tmp_path / "c.jsonl", json.dumps({"id": "c1", "articles": [
        {"id": "c1-0", "text": ARTICLE}, {"id": "c1-1", "source": None, "text": other}, {"text": ARTICLE + " More."}]}))
    [cluster] = read_paths([path]).clusters
    assert [a.source for a in cluster.articles] == [
        "unnamed source (c1-0)", "unnamed source (c1-1)", "unnamed source (c1-2)"]
    # A file that holds one article still takes the file's name, like a text file.
    write(tmp_path / "solo.json", {"text": ARTICLE})
    assert [a.source for a in read_paths([tmp_path / "solo.json"]).articles] == ["solo"]


def test_story_notes_how_many_articles_name_no_publisher(tmp_path):
    from newsdigest.pipeline import summarize

    other = "The mayor said the harbour bridge will reopen on Monday after repairs costing $2 million."
    write(tmp_path / "c.jsonl", json.dumps({"id": "c1", "articles": [
        {"text": ARTICLE}, {"text": other}, {"source": "Metro Daily", "text": ARTICLE + " Traffic will be light."}]}))
    [story] = summarize([tmp_path], analysis=False).stories
    assert len(story.outlets) == 3
    assert any(n.startswith("2 article(s) name no publisher") for n in story.notes)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour Times</title><link>https://harbour.example</link>
<item><title>Bridge to reopen</title><link>https://harbour.example/bridge</link>
<guid>hb-1</guid><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Police said the bridge will reopen on Monday.</p><p>The work cost <b>$2 million</b>, officials said.</p>]]></content:encoded>
</item>
<item><title>Empty</title><link>https://harbour.example/empty</link><description></description></item>
<item><title>Wire copy</title><link>https://wire.example/x</link><source url="https://wire.example">Wire Service</source>
<description>&lt;p&gt;Repairs on the bridge ended early, the city said.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Metro Daily</title>
<entry><title>Bridge reopens</title><id>urn:md:7</id><link href="https://metro.example/7"/>
<updated>2026-03-04T10:00:00Z</updated>
<content type="html">&lt;p&gt;The bridge reopened on Wednesday after repairs.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_items_become_articles_and_empty_items_are_reported(tmp_path):
    write(tmp_path / "harbour.rss", RSS)
    write(tmp_path / "metro.atom", ATOM)
    result = read_paths([tmp_path])
    got = {a.id: (a.source, a.title, a.date, a.url, a.text) for a in result.articles}
    assert got["hb-1"] == ("Harbour Times", "Bridge to reopen", "2026-03-03", "https://harbour.example/bridge",
                           "Police said the bridge will reopen on Monday.\n\nThe work cost $2 million, officials said.")
    # The item's own <source> names the outlet that wrote it, not the feed that carried it.
    assert got["https://wire.example/x"][0] == "Wire Service"
    assert got["https://wire.example/x"][4] == "Repairs on the bridge ended early, the city said."
    assert got["urn:md:7"][:3] == ("Metro Daily", "Bridge reopens", "2026-03-04")
    assert len(result.articles) == 3
    assert reasons(result) == {f"{tmp_path / 'harbour.rss'}#item2": "article has no text"}


def test_xml_that_is_not_a_feed_is_dropped_with_a_reason(tmp_path):
    write(tmp_path / "data.xml", "<?xml version='1.0'?><config><a>1</a></config>")
    write(tmp_path / "broken.rss", "<rss><channel><item><title>x</ti")
    write(tmp_path / "empty.atom", "")
    r = reasons(read_paths([tmp_path]))
    assert r[str(tmp_path / "data.xml")].startswith("no RSS/Atom items found")
    assert r[str(tmp_path / "empty.atom")] == "empty file"
    assert r[str(tmp_path / "broken.rss")].startswith("malformed feed, read as far as possible")
    assert r[f"{tmp_path / 'broken.rss'}#item1"] == "article has no text"


# --- outlet and date from the text (issue 12) -----------------------------------------------------

from newsdigest.io.ingest import infer_date, infer_outlet  # noqa: E402


def test_outlet_from_agency_dateline_with_a_note(tmp_path):
    write(tmp_path / "wire.txt", f"BRIGHTWATER (Reuters) - {ARTICLE}\n\nReporting by Ann Vey; Editing by Bo Lund")
    result = read_paths([tmp_path])
    a = result.articles[0]
    assert a.source == "Reuters"
    assert any("outlet of 'wire.txt' inferred from its dateline '(Reuters)'" in n for n in a.notes)


def test_outlet_from_credit_and_copyright_lines():
    assert infer_outlet(f"{ARTICLE}\n\nReporting by Ann Vey; Editing by Bo Lund")[0] == "Reuters"
    assert infer_outlet(f"{ARTICLE}\n\n© 2019 The Example Times")[0] == "The Example Times"
    assert infer_outlet(f"{ARTICLE}\n\nCopyright 2021 Harbour Gazette Ltd. All rights reserved.")[0] == "Harbour Gazette"
    assert infer_outlet(ARTICLE) is None


def test_header_source_wins_over_inference(tmp_path):
    write(tmp_path / "a.txt", f"Source: Metro Daily\n\nBRIGHTWATER (AP) - {ARTICLE}")
    a = read_paths([tmp_path]).articles[0]
    assert a.source == "Metro Daily" and not a.notes


def test_date_from_the_texts_own_dates():
    from datetime import date

    today = date(2026, 11, 29)
    assert infer_date(f"BRIGHTWATER: The pier closed on Thursday (Feb 28). {ARTICLE}", today)[0] == "2019-02-28"
    assert infer_date(f"The pier closed on February 28, 2019. {ARTICLE}", today)[0] == "2019-02-28"
    assert infer_date(f"BRIGHTWATER, March 3 (AP) - {ARTICLE}\n\n© 2021 Harbour Gazette", today)[0] == "2021-03-03"
    assert infer_date(ARTICLE, today) is None


def test_date_inferred_with_a_note(tmp_path):
    write(tmp_path / "b.txt", f"BRIGHTWATER: The pier closed on Thursday (Feb 28). {ARTICLE}")
    a = read_paths([tmp_path]).articles[0]
    assert a.date and a.date.endswith("-02-28")
    assert any(n.startswith("date of 'b.txt' inferred from its date 'Thursday (Feb 28)'") for n in a.notes)


def test_html_metadata_gives_outlet_and_date(tmp_path):
    body = " ".join([ARTICLE] * 4)
    html = (
        '<html><head><meta property="og:site_name" content="Harbour Gazette">'
        '<meta property="article:published_time" content="2024-05-06T10:00:00Z"><title>Pier</title></head>'
        f"<body><article><h1>Pier to close</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )
    write(tmp_path / "p.html", html)
    a = read_paths([tmp_path]).articles[0]
    assert a.source == "Harbour Gazette" and a.date == "2024-05-06"
    assert any("site name" in n for n in a.notes)
