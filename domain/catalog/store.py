"""The catalog in the database: seeding from the committed seed, importing a full data set, indexing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select

from domain.catalog.aliases import CORE_SOURCE_IDS
from domain.catalog.build import KIND_BY_EQUIPMENT
from domain.catalog.index import AliasIndex, CatalogEntry, load_entries
from domain.catalog.normalize import slugify
from domain.models import Exercise
from domain.uow import UnitOfWork


def _row_values(entry: CatalogEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "kind": entry.kind,
        "category": entry.category,
        "equipment": entry.equipment,
        "level": entry.level,
        "mechanic": entry.mechanic,
        "force": entry.force,
        "primary_muscles": list(entry.primary_muscles),
        "secondary_muscles": list(entry.secondary_muscles),
        "source_id": entry.source_id,
        "core": entry.core,
        "aliases": list(entry.aliases),
    }


async def seed(uow: UnitOfWork, entries: Iterable[CatalogEntry] | None = None) -> tuple[int, int]:
    """Insert missing catalog exercises and refresh the facts of existing ones: (added, updated)."""
    entries = list(entries if entries is not None else load_entries())
    existing = {e.slug: e for e in (await uow.session.scalars(select(Exercise).where(Exercise.owner_id.is_(None))))}
    added = updated = 0
    for entry in entries:
        values = _row_values(entry)
        row = existing.get(entry.slug)
        if row is None:
            uow.session.add(Exercise(slug=entry.slug, **values))
            added += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            updated += 1
    await uow.commit()
    return added, updated


async def import_free_exercise_db(
    uow: UnitOfWork, data: Any, progress: Callable[[int], None] | None = None
) -> tuple[int, int]:
    """Load a free-exercise-db document (with instructions), read from a path the operator gives."""
    if not isinstance(data, list) or not all(isinstance(x, dict) and "name" in x for x in data):
        raise ValueError("expected a JSON list of exercises with a 'name' each (free-exercise-db format)")
    by_source = {v: k for k, v in CORE_SOURCE_IDS.items()}
    rows = list(await uow.session.scalars(select(Exercise).where(Exercise.owner_id.is_(None))))
    by_slug = {r.slug: r for r in rows}
    by_src = {r.source_id: r for r in rows if r.source_id}
    added = updated = 0
    for item in data:
        src_id = str(item.get("id") or slugify(item["name"]))
        row = by_src.get(src_id) or by_slug.get(by_source.get(src_id, "")) or by_slug.get(slugify(item["name"]))
        facts = {
            "category": item.get("category"),
            "equipment": item.get("equipment"),
            "level": item.get("level"),
            "mechanic": item.get("mechanic"),
            "force": item.get("force"),
            "primary_muscles": list(item.get("primaryMuscles") or []),
            "secondary_muscles": list(item.get("secondaryMuscles") or []),
            "instructions": [str(s) for s in item.get("instructions") or []],
            "source_id": src_id,
        }
        if row is None:
            kind = (
                "cardio"
                if item.get("category") == "cardio"
                else KIND_BY_EQUIPMENT.get(item.get("equipment") or "other", "other")
            )
            row = Exercise(slug=slugify(item["name"]), name=item["name"], kind=kind, aliases=[], **facts)
            uow.session.add(row)
            by_slug[row.slug] = row
            added += 1
        else:
            for k, v in facts.items():
                if k == "category" and row.core:
                    continue
                setattr(row, k, v)
            updated += 1
        if progress:
            progress(1)
    await uow.commit()
    return added, updated


async def load_catalog(uow: UnitOfWork) -> tuple[AliasIndex, dict[str, Exercise]]:
    """The catalog's alias index, and its rows by slug (read-only, detached: reference data kept in memory)."""
    rows = {r.slug: r for r in await uow.session.scalars(select(Exercise).where(Exercise.owner_id.is_(None)))}
    index = AliasIndex.build(
        CatalogEntry(
            slug=r.slug,
            name=r.name,
            kind=r.kind,
            core=r.core,
            aliases=tuple(r.aliases or ()),
            category=r.category,
            equipment=r.equipment,
            level=r.level,
            mechanic=r.mechanic,
            primary_muscles=tuple(r.primary_muscles or ()),
            secondary_muscles=tuple(r.secondary_muscles or ()),
        )
        for r in rows.values()
    )
    return index, rows
