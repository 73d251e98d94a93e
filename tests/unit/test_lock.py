"""requirements.lock (what `make install` and CI install) holds every pin of pyproject.toml at the
same version: a dependency changed without `make lock` fails here, not on a newcomer's machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        found = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#]+)", line)
        if found:
            pins[_name(found.group(1))] = found.group(3)
    return pins


def test_the_lock_holds_every_pin_of_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [d for group in project["optional-dependencies"].values() for d in group]
    wanted = _pins([*project["dependencies"], *extras])
    locked = _pins((ROOT / "requirements.lock").read_text().splitlines())
    assert wanted, "pyproject.toml pins nothing?"
    different = {name: (version, locked.get(name)) for name, version in wanted.items() if locked.get(name) != version}
    assert different == {}, "run `make lock`: pyproject.toml and requirements.lock differ (wanted, locked)"
