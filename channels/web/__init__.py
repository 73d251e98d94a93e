"""The web app: one page, plain HTML/JS served by the API (no build step)."""

from pathlib import Path

STATIC = Path(__file__).with_name("static")
