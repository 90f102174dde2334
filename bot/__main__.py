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
from bot.messages import Messages
from bot.prose import make_chat_model
from bot.rendering import render_directives, render_json, render_text

logger = logging.getLogger("bot")
_LLM_HELP = "prose answers from the [llm] model (or LLM_PROVIDER, LLM_MODEL, ...), checked"


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
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader stopped early (`… | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument(
        "--config", help="config.toml to use (default: $BOT_CONFIG or ./config.toml)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer questions from the directives")
    ask.add_argument(
        "questions", nargs="+", help="questions, or - to read one per line from stdin"
    )
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--llm", action="store_true", help=_LLM_HELP)
    ask.set_defaults(run=run_ask)

    index = commands.add_parser("index", help="build or update index/ from documents/")
    index.set_defaults(run=run_index)

    docs = commands.add_parser("docs", help="list the indexed directives and their metadata")
    docs.add_argument("--json", action="store_true", help="one JSON object per directive")
    docs.set_defaults(run=run_docs)

    ev = commands.add_parser("eval", help="score answers against a gold set (shared/EVAL.md)")
    ev.add_argument("gold", nargs="?", help="gold JSON (default: the dev set)")
    ev.add_argument("--llm", action="store_true", help=_LLM_HELP)
    ev.set_defaults(run=run_eval)

    serve = commands.add_parser("serve", help="run the Telegram bot (token: TELEGRAM_BOT_TOKEN)")
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
        raise BotError(
            "--llm cần một mô hình ngôn ngữ: đặt [llm] provider trong config.toml, "
            "hoặc các biến LLM_PROVIDER, LLM_MODEL, LLM_BASE_URL (và LLM_API_KEY nếu cần)."
        )
    return make_chat_model(settings.llm)


def run_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build a new index version from the documents folder."""
    report = build_index(settings, make_embedder(settings.embeddings))
    print(
        f"Chỉ mục {report.version}: {report.documents} văn bản "
        f"({report.documents - report.files_reused} đọc lại), {report.sections} mục "
        f"({report.embedded} mục nhúng mới, {report.reused} dùng lại) trong "
        f"{report.seconds:.1f} giây."
    )
    for error in report.errors:
        print(f"Bỏ qua: {error}")
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
        raise BotError(f"Không tìm thấy tệp gold '{gold}'.")
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
        raise BotError(
            "Chưa đặt biến môi trường TELEGRAM_BOT_TOKEN (token do @BotFather cấp). "
            "/ TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it."
        )
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
        raise BotError(
            redact(
                f"Bot Telegram dừng vì lỗi không lường trước ({what}); chạy lại với -v để "
                "xem chi tiết.",
                secrets,
            )
        ) from None
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
