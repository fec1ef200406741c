#!/usr/bin/env bash
# Benchmark 3 side by side: the same MESSAGES distribution reminders of a `panier bench-data`
# dataset sent (1) by Panier — the scheduler's dispatcher through the real Telegram adapter —
# and (2) by aiogram 3 with its broadcast pattern (bench/scripts/aiogram_broadcast.py), each
# against a fresh fake Bot API server enforcing Telegram's limits (30 msg/s overall, 1 msg/s per
# chat, 429 with retry_after above). aiogram is installed from PyPI into a venv (once).
#
#   bench/scripts/fanout-aiogram.sh DB_URL [MESSAGES]        (MESSAGES defaults to 10000)
#
# Environment: CARGO_TARGET_DIR (default target), TODAY (the --today of the dataset, default
# today UTC), VENV (default /tmp/panier-aiogram-venv), AIOGRAM_RATE (messages/s aiogram paces
# itself at, default 30; aiogram's own example uses 20), SKIP_PANIER=1 to run only aiogram.
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${1:?usage: fanout-aiogram.sh DB_URL [MESSAGES]}
N=${2:-10000}
TODAY=${TODAY:-$(date -u +%F)}
VENV=${VENV:-/tmp/panier-aiogram-venv}
TARGET=${CARGO_TARGET_DIR:-target}
if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import aiogram' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "aiogram>=3,<4"
fi
echo "aiogram $("$VENV/bin/python" -c 'import aiogram; print(aiogram.__version__)'), $("$VENV/bin/python" --version)"
cargo build --release -p panier-bench --bin fanout
if [[ -z "${SKIP_PANIER:-}" ]]; then
    echo "== Panier (Rust): dispatcher + Telegram adapter"
    "$TARGET/release/fanout" --db "$DB" --today "$TODAY" --messages "$N"
fi
echo "== aiogram 3 (Python), ${AIOGRAM_RATE:-30} msg/s pacing"
AIOGRAM_RATE=${AIOGRAM_RATE:-30} "$TARGET/release/fanout" --db "$DB" --today "$TODAY" --messages "$N" \
    --peer "$VENV/bin/python bench/scripts/aiogram_broadcast.py"
