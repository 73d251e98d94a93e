"""Settings, wiring (bootstrap), the conversation and its replies, and the `python -m assistant` CLI."""
