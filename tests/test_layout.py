"""The package layout: no import cycle, and the product never imports the evaluation code.

Read with the standard ``ast`` module, so a cycle hidden inside a function (a lazy import) counts
too: it is still a cycle a reader has to untangle.
"""

import ast
from pathlib import Path

import newsdigest

PACKAGE_DIR = Path(newsdigest.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE_DIR.rglob("*.py")}


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """Module -> package modules it imports (``from a import b`` counts b when b is a module)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, node, is_package)
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            for t in targets:
                # `import a.b.c` also imports a and a.b: count the deepest module that exists.
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t and t != name:
                    graph[name].add(t)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            # A package's __init__ importing its own submodules is how it re-exports them; a
            # submodule importing its parent package's __init__ back would be the cycle.
            if node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_only_eval_imports_eval():
    offenders = sorted(
        f"{m} imports {t}"
        for m, targets in import_graph().items()
        if not m.startswith("newsdigest.eval")
        for t in targets
        if t.startswith("newsdigest.eval")
    )
    assert not offenders, offenders


def test_the_checks_can_fail():
    # The two checks above would pass on an empty graph; show they see real edges and cycles.
    graph = import_graph()
    assert "newsdigest.summary.align" in graph["newsdigest.pipeline"]
    assert any(t.startswith("newsdigest.analysis") for t in graph["newsdigest.eval.scorers.quotes"])
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_stages_live_in_role_packages():
    roles = {m.split(".")[1] for m in _modules() if m.count(".") >= 2}
    assert {"io", "text", "summary", "analysis", "eval"} <= roles
    # No module outside the top level (model, pipeline, cli) sits loose in the package root.
    loose = {m for m, path in _modules().items() if m.count(".") == 1 and path.name != "__init__.py"}
    assert loose <= {"newsdigest.model", "newsdigest.pipeline", "newsdigest.cli"}, loose


def test_summarize_needs_none_of_the_eval_extra(tmp_path):
    """A runtime-only install (no `newsdigest[eval]`) summarizes with the full analysis: run the
    demo in a fresh interpreter in which importing any benchmark dependency fails."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'sumy', 'rouge_score', 'matplotlib'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from newsdigest.cli import main\n"
        "main(['demo', '--format', 'json', '-o', sys.argv[1]])\n"
    )
    out = tmp_path / "demo.json"
    proc = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    import json

    story = json.loads(out.read_text(encoding="utf-8"))["stories"][0]
    assert story["summary"] and story["quotes"] and story["analyzed"]
