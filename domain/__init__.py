"""The workout store and its rules: typed commands, one handler registry, models, reads and the catalog.

Channels and the assistant use `domain.commands` (what to do), `domain.bus.MessageBus` (doing it),
`domain.queries` (reading) and `domain.errors` (what went wrong); nothing here knows about HTTP.
"""
