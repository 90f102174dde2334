"""One exception family whose messages are safe to show a user (in Vietnamese)."""


class BotError(Exception):
    """Base error: str(error) is a complete Vietnamese sentence fit for the user."""


class ConfigError(BotError):
    """The configuration file is missing, malformed, or has an unknown or invalid key."""


class DocumentError(BotError):
    """A document file cannot be read or understood."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"Không đọc được tệp '{name}': {reason}")
        self.name = name
        self.reason = reason


class IndexStoreError(BotError):
    """The index on disk is missing, damaged, or was built with another embedding model."""


class PromptError(BotError):
    """A message template is missing or has the wrong placeholders."""
