#!/usr/bin/env bash
# Score the engine on the real directives (tests/data/real) indexed beside the seeds.
#   bash scripts/real_eval.sh WORKDIR [eval|docs|index]   (default: eval)
# WORKDIR gets documents/ (seeds + real files), config.toml and the index; re-runs reuse the
# embeddings of unchanged sections.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:?usage: real_eval.sh WORKDIR [eval|docs|index]}"
what="${2:-eval}"
mkdir -p "$work/documents"
cp "$repo"/documents/* "$work/documents/"
cp "$repo"/tests/data/real/[ab]* "$work/documents/"
sed -e "s#^documents = .*#documents = \"$work/documents\"#" \
    -e "s#^index = .*#index = \"$work/index\"#" \
    -e "s#^prompts = .*#prompts = \"$repo/prompts\"#" \
    -e "s#^state = .*#state = \"$work/state.sqlite\"#" \
    -e "s#^gold = .*#gold = \"$repo/tests/data/real/gold.json\"#" \
    "$repo/config.toml" > "$work/config.toml"
py="$repo/.venv/bin/python"
cd "$repo"
case "$what" in
  index) "$py" -m bot --config "$work/config.toml" index ;;
  docs) "$py" -m bot --config "$work/config.toml" docs --json ;;
  eval) "$py" -m bot --config "$work/config.toml" index >/dev/null
        "$py" -m bot --config "$work/config.toml" eval "$repo/tests/data/real/gold.json" ;;
esac
