#!/usr/bin/env bash
# Benchmark 4 of docs/performance.md: peak memory (RSS) of `panier serve` with both transports
# connected — Telegram through the fake Bot API server run as a process of its own (bench bin
# `fake_telegram`, Telegram's limits enforced) and Matrix through a local Synapse
# (tests/synapse/start.sh) — first idle, then while it sends MESSAGES distribution reminders of
# a `panier bench-data` dataset (benchmark 3, but sent by `serve` itself).
#
#   bench/scripts/memory.sh DB_URL [MESSAGES]        (MESSAGES defaults to 10000)
#
# Environment: CARGO_TARGET_DIR (default target), TODAY (the --today the dataset was generated
# with, default today UTC), IDLE (seconds measured idle, default 60), TICK (serve's
# scheduler.tick_seconds, default 5), PANIER_SYNAPSE_DIR (see tests/synapse/README.md), SKIP_BUILD=1
# (use the binaries already in $CARGO_TARGET_DIR/release).
# Prints VmRSS every 10 s and the peaks (VmHWM). Leaves Synapse running (tests/synapse/stop.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${1:?usage: memory.sh DB_URL [MESSAGES]}
N=${2:-10000}
IDLE=${IDLE:-60}
TICK=${TICK:-5}
TODAY=${TODAY:-$(date -u +%F)}
TARGET=${CARGO_TARGET_DIR:-target}
BIN="$TARGET/release"
WORK=$(mktemp -d /tmp/panier-memory.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

if [[ -z "${SKIP_BUILD:-}" ]]; then
    cargo build --release -p panier -p panier-bench
fi

tests/synapse/start.sh
# shellcheck disable=SC1091
source "${PANIER_SYNAPSE_DIR:-target/synapse}/env.sh"

"$BIN/fake_telegram" --url-file "$WORK/fake-url" >"$WORK/fake.log" 2>&1 &
FAKE=$!
PIDS+=("$FAKE")
for _ in $(seq 1 100); do [[ -s "$WORK/fake-url" ]] && break; sleep 0.1; done
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat >"$WORK/panier.toml" <<TOML
[database]
url = "$DB"
[web]
listen = "127.0.0.1:$PORT"
public_url = "http://127.0.0.1:$PORT"
[scheduler]
tick_seconds = $TICK
[telegram]
token = "123456:fake-token"
api_url = "$(cat "$WORK/fake-url")"
bot_username = "panier_test_bot"
[matrix]
homeserver_url = "$PANIER_TEST_SYNAPSE_URL"
user = "$PANIER_TEST_SYNAPSE_BOT_USER"
password = "$PANIER_TEST_SYNAPSE_BOT_PASSWORD"
data_dir = "$WORK/matrix"
TOML

"$BIN/panier" serve --config "$WORK/panier.toml" >"$WORK/serve.log" 2>&1 &
SERVE=$!
PIDS+=("$SERVE")
rss() { awk -v k="$1:" '$1 == k {print int($2 / 1024)}' "/proc/$SERVE/status"; }
# Resident memory split: the heap and stacks (anonymous) and the binary's pages (file-backed).
mem() { echo "VmRSS $(rss VmRSS) MB (anon $(rss RssAnon), file $(rss RssFile)), peak $(rss VmHWM) MB"; }

echo "== waiting for both transports (log: $WORK/serve.log)"
for _ in $(seq 1 600); do
    if [[ $(grep -c 'transport started' "$WORK/serve.log" || true) -ge 2 ]]; then break; fi
    kill -0 "$SERVE" || { cat "$WORK/serve.log"; exit 1; }
    sleep 0.5
done
grep 'transport started' "$WORK/serve.log" || { echo "transports not started"; tail -20 "$WORK/serve.log"; exit 1; }

echo "== idle for $IDLE s"
for ((i = 0; i < IDLE; i += 10)); do
    sleep 10
    echo "  idle $((i + 10)) s: $(mem)"
done
IDLE_PEAK=$(rss VmHWM)

echo "== fan-out: $N reminders queued, sent by serve"
"$BIN/fanout" --db "$DB" --today "$TODAY" --messages "$N" --queue-only
"$BIN/fanout" --db "$DB" --wait-sent --timeout 3600 >"$WORK/wait.log" 2>&1 &
WAIT=$!
while kill -0 "$WAIT" 2>/dev/null; do
    sleep 10
    echo "  $(mem); $(tail -1 "$WORK/fake.log")"
done
wait "$WAIT"
cat "$WORK/wait.log"
FANOUT_PEAK=$(rss VmHWM)
kill -TERM "$FAKE"
wait "$FAKE" || true
tail -1 "$WORK/fake.log"
echo "peak RSS of panier serve: idle $IDLE_PEAK MB, during the fan-out $FANOUT_PEAK MB"
