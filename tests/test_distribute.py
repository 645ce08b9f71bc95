"""Digests made in worker processes or on a Dask cluster are the digests made in one process."""

import json
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest
from click.testing import CliRunner

from conftest import write
from newsdigest.cli import main
from newsdigest.pipeline import ExecutorError, executor_for, summarize

OTHER_EVENT = {
    "a.txt": "Source: Lakeside Tribune\nDate: 2031-05-02\n\nThe Millbrook city council voted 7-2 on Monday "
             "to close the Elm Street bridge for repairs. Repairs will take eleven weeks, the council said.",
    "b.txt": "Source: Valley Courier\nDate: 2031-05-02\n\nMillbrook's council voted 7-2 on Monday to close "
             "the Elm Street bridge. Council member Ana Ortiz said the repairs will take eleven weeks.",
}


@pytest.fixture(scope="module")
def two_events(example_dir, tmp_path_factory):
    other = tmp_path_factory.mktemp("other")
    for name, text in OTHER_EVENT.items():
        write(other / name, text)
    return [example_dir, other]


def _dicts(digest):
    return [s.to_dict() for s in digest.stories]


def test_worker_processes_give_the_same_digest(two_events):
    here = summarize(two_events, words=80)
    assert len(here.stories) >= 2
    with ProcessPoolExecutor(max_workers=2) as pool:
        there = summarize(two_events, words=80, executor=pool)
    assert _dicts(there) == _dicts(here)
    assert all(s["summary"] for s in _dicts(there))


def test_a_dask_cluster_gives_the_same_digest(two_events):
    distributed = pytest.importorskip("distributed", reason="Dask is the optional extra newsdigest[dask]")
    here = summarize(two_events, words=80, analysis=False)
    # An in-process cluster: the Dask client, scheduler and task path of a real one, started fast.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        there = summarize(two_events, words=80, analysis=False, executor=client.get_executor(pure=False))
    assert _dicts(there) == _dicts(here)


def test_cli_dask_local_and_workers_print_the_same_json(two_events, tmp_path):
    pytest.importorskip("distributed", reason="Dask is the optional extra newsdigest[dask]")
    runner = CliRunner()
    outs = {}
    for name, extra in (("here", []), ("workers", ["--workers", "2"]), ("dask", ["--dask", "local"])):
        result = runner.invoke(main, ["summarize", *map(str, two_events), "-f", "json", "--summary-only", *extra])
        assert result.exit_code == 0, result.output
        outs[name] = json.loads(result.stdout)
    assert outs["workers"] == outs["here"] and outs["dask"] == outs["here"]


def test_dask_not_installed_is_a_clear_error(monkeypatch, two_events):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(ExecutorError, match=r"pip install 'newsdigest\[dask\]'"):
        with executor_for(dask="tcp://127.0.0.1:8786"):
            pass
    result = CliRunner().invoke(main, ["summarize", str(two_events[1]), "--dask", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert "newsdigest[dask]" in result.stderr and "Traceback" not in result.output


def test_add_with_workers_stores_the_same_digests(two_events, tmp_path):
    from newsdigest.stories.store import open_store
    from newsdigest.stories.update import add_paths
    from newsdigest.pipeline import DigestSettings
    from newsdigest.text.embed import load_encoder

    encoder = load_encoder()
    one = open_store(str(tmp_path / "one.db"))
    report_one = add_paths(one, two_events, encoder=encoder, words=80)
    two = open_store(str(tmp_path / "two.db"))
    with ProcessPoolExecutor(max_workers=2) as pool:
        report_two = add_paths(two, two_events, encoder=encoder, words=80, executor=pool,
                               digest_settings=DigestSettings(words=80, analysis=False))
    assert sorted(report_two.summarized) == sorted(report_one.summarized) and len(report_one.summarized) >= 2
    for sid in report_one.summarized:
        assert json.loads(two.digest(sid, "json")) == json.loads(one.digest(sid, "json"))
    # The command: `add --workers 2` (summary only, as above) stores the same digests too.
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(main, ["add", *map(str, two_events), "--db", db, "--words", "80",
                                       "--summary-only", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert f"{len(report_one.summarized)} summarized" in result.stdout
    cli_store = open_store(db)
    for sid in report_one.summarized:
        assert json.loads(cli_store.digest(sid, "json")) == json.loads(one.digest(sid, "json"))
