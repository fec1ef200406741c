#!/usr/bin/env bash
# Installs aiogram 3 from PyPI into a venv (once) and runs the fan-out benchmark's Python peer
# against the same fake Bot API server:   bench/scripts/aiogram-peer.sh DB_URL [MESSAGES]
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-/tmp/panier-aiogram-venv}
[[ -x "$VENV/bin/python" ]] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "aiogram>=3,<4"; }
TARGET=${CARGO_TARGET_DIR:-target}
"$TARGET/release/fanout" --db "$1" --messages "${2:-10000}" \
    --peer "$VENV/bin/python bench/scripts/aiogram_broadcast.py"
