"""Telegram: webhook and polling, text and voice notes, account linking, an Undo button on logs."""
