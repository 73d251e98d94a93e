"""LLM prompt templates as files, and one `render(name, **context)`. No logic lives here."""

from __future__ import annotations

from pathlib import Path
from string import Template

HERE = Path(__file__).parent


def render(name: str, **context: object) -> str:
    """Fill `prompts/<name>.txt` with the given values ($name placeholders)."""
    return Template((HERE / f"{name}.txt").read_text()).substitute({k: str(v) for k, v in context.items()})
