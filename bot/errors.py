"""One exception family whose messages are safe to show a user (in Vietnamese; the texts are
in prompts/errors.toml)."""


class BotError(Exception):
    """Base error: str(error) is a complete Vietnamese sentence fit for the user."""


class ConfigError(BotError):
    """The configuration file is missing, malformed, or has an unknown or invalid key."""


class DocumentError(BotError):
    """A document file cannot be read or understood."""

    def __init__(self, name: str, reason: str) -> None:
        from bot.messages import shipped_text  # imported here: bot.messages raises PromptError

        super().__init__(shipped_text("document_unreadable", name=name, reason=reason))
        self.name = name
        self.reason = reason


class IndexStoreError(BotError):
    """The index on disk is missing, damaged, or was built with another embedding model."""


class PromptError(BotError):
    """A message template is missing or has the wrong placeholders."""
