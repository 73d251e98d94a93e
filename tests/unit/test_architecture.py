"""Imports flow one way: channels -> assistant -> intents, speech -> domain; prompts is a leaf; no
module of the app imports itself back through others (imports under TYPE_CHECKING count too); and
dependencies are used through their public APIs only (design.md, style 16)."""

from __future__ import annotations

import ast
import sys
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


# Underscored names that are public by convention, read off any object.
CONVENTIONAL = {
    "_fields",  # namedtuple's public API: underscored so it never clashes with a field's name
    "_asdict",
    "_replace",
    "_make",
    "_mapping",  # SQLAlchemy's Row as a mapping (documented, underscored for the same reason)
}


def is_third_party(module: str) -> bool:
    top = module.split(".")[0]
    return top not in PACKAGES and top not in sys.stdlib_module_names and top != "__future__"


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))  # dunders are protocol


def private_uses(source: str) -> list[str]:
    """Private modules or names imported from third-party packages, and `x._name` read off anything but
    self, cls or super() (the object may be a library's; our own objects' privates stay inside them)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"import {a.name}"
                for a in node.names
                if is_third_party(a.name) and any(private(part) for part in a.name.split("."))
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and is_third_party(node.module):
            names = [a.name for a in node.names]
            if any(private(part) for part in node.module.split(".") + names):
                found.append(f"from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in CONVENTIONAL:
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
                continue
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and private(node.args[1].value)
            and node.args[1].value not in CONVENTIONAL
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_dependencies_are_used_through_their_public_apis() -> None:
    problems = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            problems += [f"{path.relative_to(ROOT)}: {use}" for use in private_uses(path.read_text())]
    assert problems == []


def test_the_check_catches_private_modules_and_attributes() -> None:
    assert private_uses("from starlette._utils import get_route_path\n") == [
        "from starlette._utils import get_route_path"
    ]
    assert private_uses("import sqlalchemy.engine._row\n") == ["import sqlalchemy.engine._row"]
    assert private_uses("from psycopg import _encodings\n") == ["from psycopg import _encodings"]
    assert private_uses("conn = engine.raw()\nconn._pgconn.flush()\n") == ["line 2: conn._pgconn"]
    assert private_uses("getattr(session, '_connection')\n") == ["line 1: getattr(session, '_connection')"]


def test_the_check_leaves_public_uses_alone() -> None:
    source = """
from __future__ import annotations
from _thread import get_ident
from domain._private import helper
from . import _sibling
class Thing(Base):
    def __init__(self) -> None:
        super()._setup()
        self._cache = {}
        type(self).__name__
    @classmethod
    def make(cls) -> None:
        cls._registry.clear()
row._mapping["id"], point._asdict(), point._replace(x=1), Point._make([1, 2]), Point._fields
"""
    assert private_uses(source) == []
