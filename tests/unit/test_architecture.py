"""Imports flow one way: channels -> assistant -> intents, speech -> domain; prompts is a leaf."""

from __future__ import annotations

import ast
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
