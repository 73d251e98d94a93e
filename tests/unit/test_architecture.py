"""Imports flow one way: channels -> assistant -> intents, speech -> domain; prompts is a leaf; and no
module of the app imports itself back through others (imports under TYPE_CHECKING count too)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("assistant", "speech", "intents", "domain", "channels", "prompts")
ALLOWED = {
    "domain": set(),
    "prompts": set(),
    "speech": {"domain"},
    "intents": {"domain", "prompts"},
    "assistant": {"intents", "speech", "domain", "prompts"},
    "channels": {"assistant", "intents", "speech", "domain", "prompts"},
}


def imported_packages(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found |= {n.split(".")[0] for n in names if n.split(".")[0] in PACKAGES}
    return found


def violations(package: str, source: str) -> set[str]:
    return imported_packages(source) - ALLOWED[package] - {package}


def test_every_module_imports_only_in_the_allowed_direction() -> None:
    problems = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            bad = violations(package, path.read_text())
            if bad:
                problems.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert problems == []


def test_the_check_catches_a_wrong_way_import() -> None:
    assert violations("domain", "from channels.http import app\n") == {"channels"}
    assert violations("assistant", "import channels.http.app as a\n") == {"channels"}
    assert violations("intents", "from assistant.settings import Settings\n") == {"assistant"}
    assert violations("channels", "from domain import models\n") == set()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules() -> dict[str, str]:
    """Every module of the app by dotted name, with its source."""
    return {module_name(p): p.read_text() for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def imported_modules(source: str, known: Iterable[str]) -> set[str]:
    """The app's modules a source imports: `from assistant import generation` names assistant.generation."""
    known = set(known)
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return found & known


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that reach each other through imports (Tarjan's strongly connected components)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in graph.get(module, ()):
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while (top := stack.pop()) != module:
                group.append(top)
            group.append(module)
            if len(group) > 1 or module in graph.get(module, ()):
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return found


def test_no_module_imports_itself_back() -> None:
    modules = app_modules()
    graph = {name: imported_modules(source, modules) - {name} for name, source in modules.items()}
    assert cycles(graph) == []


def test_the_check_catches_a_cycle() -> None:
    known = {"assistant.bootstrap", "assistant.conversation", "assistant.executor", "assistant.spotter"}
    typed = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from assistant.spotter import Spotter\n"
    sources = {
        "assistant.spotter": "from assistant import conversation\n",
        "assistant.conversation": "import assistant.executor\n",
        "assistant.executor": typed,
        "assistant.bootstrap": "from assistant.spotter import Spotter\n",
    }
    graph = {name: imported_modules(source, known) for name, source in sources.items()}
    assert cycles(graph) == [["assistant.conversation", "assistant.executor", "assistant.spotter"]]
    del graph["assistant.executor"]
    assert cycles(graph) == []
