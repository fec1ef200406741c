#!/usr/bin/env bash
# Stops the Synapse started by start.sh (by its pid file). Add --clean to delete its data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${PANIER_SYNAPSE_DIR:-$here/../../target/synapse}"
if [ -f "$dir/synapse.pid" ]; then
    pid="$(cat "$dir/synapse.pid")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
    rm -f "$dir/synapse.pid"
fi
if [ "${1:-}" = "--clean" ]; then
    rm -rf "$dir/data" "$dir/port" "$dir/env.sh" "$dir/shared_secret" "$dir/synapse.log"
fi
