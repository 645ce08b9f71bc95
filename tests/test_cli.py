import json
import subprocess
import sys

from click.testing import CliRunner

from newsdigest.cli import main


def test_demo_json_when_piped():
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stories"][0]["id"] == "harbor-fire-example"


def test_summarize_formats_and_output_file(tmp_path, example_dir):
    out = tmp_path / "digest.html"
    result = CliRunner().invoke(main, ["summarize", str(example_dir), "--words", "80", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    md = CliRunner().invoke(main, ["summarize", str(example_dir), "-f", "md"])
    assert "### Summary" in md.stdout


def test_nothing_usable_exits_2_with_one_line(tmp_path):
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 10)
    proc = subprocess.run([sys.executable, "-m", "newsdigest.cli", "summarize", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "nothing to summarize" in proc.stderr


def test_dropped_inputs_reported_on_stderr_and_rest_processed(tmp_path, example_dir):
    (tmp_path / "bad.json").write_text("{oops")
    proc = subprocess.run([sys.executable, "-m", "newsdigest.cli", "summarize", str(example_dir), str(tmp_path), "-f", "json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "skipped" in proc.stderr and "bad.json" in proc.stderr
    data = json.loads(proc.stdout)
    assert data["dropped"][0]["input"].endswith("bad.json")
    assert len(data["stories"][0]["articles"]) == 5


def test_missing_model_is_a_clear_error(example_dir):
    proc = subprocess.run([sys.executable, "-m", "newsdigest.cli", "summarize", str(example_dir), "--model", "/nonexistent/model"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "not found" in proc.stderr
