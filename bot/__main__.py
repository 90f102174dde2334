"""Command line: python -m bot ask | index | docs | eval | serve.

Parses arguments, loads settings once, calls one function, prints. Errors meant for the user
are printed as one Vietnamese line; nothing else prints a traceback unless --verbose.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from bot.assistant import Assistant
from bot.config import Settings, load_settings, with_environment
from bot.directory import render_directives_json
from bot.embeddings import make_embedder
from bot.errors import BotError
from bot.evaluation import evaluate
from bot.indexing import build_index, ensure_index
from bot.messages import Messages, shipped_text
from bot.prose import make_chat_model
from bot.rendering import render_directives, render_json, render_text

logger = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _parser().parse_args(argv)
    os.umask(0o077)  # what the bot writes (index, state, uploads) is readable by it alone
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        config = args.config or os.environ.get("BOT_CONFIG")
        settings = with_environment(load_settings(Path(config) if config else None), os.environ)
        return args.run(args, settings)
    except BotError as exc:
        print(shipped_text("cli_error", error=exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader stopped early (`… | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("--config", help=shipped_text("help_config"))
    parser.add_argument("-v", "--verbose", action="store_true", help=shipped_text("help_verbose"))
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help=shipped_text("help_ask"))
    ask.add_argument("questions", nargs="+", help=shipped_text("help_questions"))
    ask.add_argument("--json", action="store_true", help=shipped_text("help_ask_json"))
    ask.add_argument("--llm", action="store_true", help=shipped_text("help_llm"))
    ask.set_defaults(run=run_ask)

    index = commands.add_parser("index", help=shipped_text("help_index"))
    index.set_defaults(run=run_index)

    docs = commands.add_parser("docs", help=shipped_text("help_docs"))
    docs.add_argument("--json", action="store_true", help=shipped_text("help_docs_json"))
    docs.set_defaults(run=run_docs)

    ev = commands.add_parser("eval", help=shipped_text("help_eval"))
    ev.add_argument("gold", nargs="?", help=shipped_text("help_gold"))
    ev.add_argument("--llm", action="store_true", help=shipped_text("help_llm"))
    ev.set_defaults(run=run_eval)

    serve = commands.add_parser("serve", help=shipped_text("help_serve"))
    serve.set_defaults(run=run_serve)
    return parser


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer the questions given (or read from stdin)."""
    questions = args.questions
    if questions == ["-"]:
        questions = [line.strip() for line in sys.stdin if line.strip()]
    assistant = _assistant(args, settings)
    for n, question in enumerate(questions):
        result = assistant.answer(question)
        if args.json:
            print(render_json(result), flush=True)
        else:
            print(("\n" if n else "") + render_text(result, assistant.messages), flush=True)
    return 0


def _assistant(args: argparse.Namespace, settings: Settings) -> Assistant:
    """The assistant over the built index (built first when there is none)."""
    messages = Messages.load(settings.path("prompts"))
    model = _chat_model(args, settings)
    embedder = make_embedder(settings.embeddings)
    index = ensure_index(settings, embedder)
    return Assistant(settings, messages, embedder, index, model)


def _chat_model(args: argparse.Namespace, settings: Settings) -> BaseChatModel | None:
    """The language model when --llm is given; the command line is extractive otherwise."""
    if not args.llm:
        return None
    if settings.llm.provider == "none":
        raise BotError(shipped_text("llm_needed"))
    return make_chat_model(settings.llm)


def run_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build a new index version from the documents folder."""
    report = build_index(settings, make_embedder(settings.embeddings))
    done = shipped_text(
        "index_done",
        version=report.version,
        documents=report.documents,
        reread=report.documents - report.files_reused,
        sections=report.sections,
        embedded=report.embedded,
        reused=report.reused,
        seconds=f"{report.seconds:.1f}",
    )
    print(done)
    for error in report.errors:
        print(shipped_text("index_skipped", reason=error))
    return 0


def run_docs(args: argparse.Namespace, settings: Settings) -> int:
    """Print the indexed directives (--json: one JSON object per line, shared/EVAL.md)."""
    index = ensure_index(settings, make_embedder(settings.embeddings))
    if args.json:
        print(render_directives_json(index.directives, index.sections))
    else:
        print(render_directives(index.directives))
    return 0


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Print the EVAL.md metrics for a gold file."""
    gold = Path(args.gold) if args.gold else settings.path("gold")
    if not gold.is_file():
        raise BotError(shipped_text("gold_missing", path=gold))
    assistant = _assistant(args, settings)
    scores = evaluate(gold, lambda qs: [assistant.answer(q) for q in qs])
    print(scores.render())
    return 0


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot until interrupted (0), or until Telegram refuses it (BotError).

    Whatever stops it, what is printed or logged holds none of the secrets: the token, the
    webhook secret, the language model's API key."""
    from bot.telegram.app import RedactSecrets, check_serving, redact

    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise BotError(shipped_text("token_missing"))
    check_serving(settings)  # before the slow part: a webhook without its secret is refused
    secrets = (token, settings.telegram.webhook_secret, settings.llm.api_key)
    # PTB 22 warns on every RetryAfter unless its durations are timedelta, as in PTB 23.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    if not args.verbose:
        logging.getLogger().setLevel(logging.INFO)
    logging.captureWarnings(True)  # warnings, too, go through the redacting handlers
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecrets(secrets))
    try:
        _serve_bot(settings, token)
    except BotError as exc:
        raise BotError(redact(str(exc), secrets)) from None
    except Exception as exc:  # a traceback could quote a secret: logged redacted, one line out
        logger.debug("serve failed", exc_info=True)
        what = f"{type(exc).__name__}: {exc}"
        raise BotError(redact(shipped_text("serve_crashed", error=what), secrets)) from None
    return 0


def _serve_bot(settings: Settings, token: str) -> None:
    """Load everything the bot needs, then serve (bot.telegram.app.run)."""
    from bot.library import Library
    from bot.state import AsyncStore, Store
    from bot.telegram.app import build_application, run
    from bot.telegram.services import Services

    messages = Messages.load(settings.path("prompts"))
    embedder = make_embedder(settings.embeddings)
    library = Library.open(settings, embedder)
    store = Store(settings.path("state"))
    _make_private(settings)
    model = make_chat_model(settings.llm)  # None: extractive answers only
    services = Services(settings, messages, embedder, library, AsyncStore.over(store), model)
    logger.info(
        "serving index %s (%s mode, answers: %s)",
        library.index.version,
        settings.telegram.mode,
        "extractive" if model is None else f"{settings.llm.provider} {settings.llm.model}",
    )
    run(build_application(settings, services, token), settings)


def _make_private(settings: Settings) -> None:
    """Files an earlier version (or another umask) left readable by others: the index
    folder and the state database hold the question log and uploads, so only the bot may
    read them."""
    index, state = settings.path("index"), settings.path("state")
    for folder in [index, *(p for p in index.rglob("*") if p.is_dir())]:
        folder.chmod(0o700)
    for path in [
        *(p for p in index.rglob("*") if p.is_file()),
        *state.parent.glob(f"{state.name}*"),
    ]:
        path.chmod(0o600)


if __name__ == "__main__":
    sys.exit(main())
