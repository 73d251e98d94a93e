"""Text -> commands: the lifter grammar, exercise resolution and clarifications."""

from intents.commands import ParseResult
from intents.parser import ParseContext, Parser

__all__ = ["ParseContext", "ParseResult", "Parser"]
