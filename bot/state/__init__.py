"""What the bot remembers between messages: chat settings, the question log with the
citations each answer showed, 👍/👎 feedback (a 👎 with the reason chosen), and the audit log
of administrative actions.

- `base`: the records, the `StateStore` protocol a backend implements, its errors;
- `sqlite`: the SQLite backend (the default, `state.sqlite` beside the index);
- `migrations`: its schema as numbered migrations;
- `asynchronous`: `AsyncStore`, through which the bot reaches any backend off the event loop.

A PostgreSQL backend (several replicas behind a webhook) implements `StateStore` with its own
migrations, and passes tests/test_state_contract.py.
"""

from bot.state.asynchronous import AsyncStore, sqlite_opener
from bot.state.base import (
    AuditEntry,
    LoggedQuestion,
    Profile,
    SchemaTooNew,
    StateStore,
    Stats,
    Subscription,
    Unavailable,
)
from bot.state.sqlite import SqliteStore

Store = SqliteStore  # the name the command line and older tests use

__all__ = [
    "AsyncStore",
    "AuditEntry",
    "LoggedQuestion",
    "Profile",
    "SchemaTooNew",
    "SqliteStore",
    "StateStore",
    "Stats",
    "Store",
    "Subscription",
    "Unavailable",
    "sqlite_opener",
]
