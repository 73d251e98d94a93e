"""The exercise catalog: seed data, aliases and the in-memory alias index."""

from domain.catalog.index import AliasIndex, CatalogEntry, Match, default_index, load_entries

__all__ = ["AliasIndex", "CatalogEntry", "Match", "default_index", "load_entries"]
