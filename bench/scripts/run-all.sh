#!/usr/bin/env bash
# Runs the national-scale benchmarks of docs/performance.md on SQLite and PostgreSQL.
#
#   bench/scripts/run-all.sh [AMAPS] [MEMBERS]          (defaults 2000 50)
#
# Environment: PANIER_TEST_POSTGRES_URL (admin URL, e.g. postgres://postgres@127.0.0.1:5432/postgres;
# PostgreSQL is skipped when unset), CARGO_TARGET_DIR (default target), FANOUT (reminders, 10000),
# OPS (commands per latency run, 2000), WORK (where the SQLite file goes, default /tmp), MEMORY=1
# to also run bench/scripts/memory.sh (builds the Matrix SDK, starts a local Synapse).
# Run it on a quiet machine: every figure is wall-clock time.
set -euo pipefail
cd "$(dirname "$0")/../.."
AMAPS=${1:-2000}
MEMBERS=${2:-50}
FANOUT=${FANOUT:-10000}
OPS=${OPS:-2000}
WORK=${WORK:-/tmp}
TODAY=${TODAY:-$(date -u +%F)}
TARGET=${CARGO_TARGET_DIR:-target}

cargo build --release -p panier -p panier-bench
BIN="$TARGET/release"

echo "== machine"
echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo); $(free -h | awk '/Mem:/ {print $2}') RAM"

run_backend() {
    local url=$1
    echo "== bench-data $AMAPS x $MEMBERS on $url"
    /usr/bin/time -f "bench-data: %e s wall, %M KB peak RSS" \
        "$BIN/panier" --db "$url" bench-data --amaps "$AMAPS" --members "$MEMBERS" --today "$TODAY"
    echo "== latency"
    "$BIN/latency" --db "$url" --today "$TODAY" --ops "$OPS"
    echo "== planner"
    "$BIN/planner" --db "$url" --today "$TODAY"
    echo "== fan-out"
    "$BIN/fanout" --db "$url" --today "$TODAY" --messages "$FANOUT"
}

DB="$WORK/panier-bench-$AMAPS.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
run_backend "$DB"
echo "== fan-out side by side with aiogram 3 (SQLite)"
TODAY="$TODAY" SKIP_PANIER=1 bench/scripts/fanout-aiogram.sh "$DB" "$FANOUT"
if [[ -n "${MEMORY:-}" ]]; then
    echo "== memory of panier serve (fake Telegram + local Synapse)"
    TODAY="$TODAY" bench/scripts/memory.sh "$DB" "$FANOUT"
fi
echo "== criterion: pure rules"
cargo bench -p panier-core --bench rules

if [[ -n "${PANIER_TEST_POSTGRES_URL:-}" ]]; then
    NAME="panier_bench_$AMAPS"
    psql "$PANIER_TEST_POSTGRES_URL" -q -c "DROP DATABASE IF EXISTS $NAME" -c "CREATE DATABASE $NAME"
    run_backend "${PANIER_TEST_POSTGRES_URL%/*}/$NAME"
fi
