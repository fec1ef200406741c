#!/usr/bin/env bash
# Installs Synapse from PyPI in a virtualenv, configures it for Panier's tests (127.0.0.1 only,
# no federation, SQLite, relaxed rate limits), starts it in the background, waits until it
# answers, registers the bot and two members, and writes the variables the tests read into
# $PANIER_SYNAPSE_DIR/env.sh. Idempotent: a server already running from that directory is
# reused. See README.md.
#
# Environment (all optional):
#   PANIER_SYNAPSE_DIR      where the venv, config, database and logs go (default: <repo>/target/synapse)
#   PANIER_SYNAPSE_PORT     port on 127.0.0.1 (default 8448; the next free port is taken if busy)
#   PANIER_SYNAPSE_VERSION  matrix-synapse version from PyPI (default below)
#   PYTHON                  python >= 3.10 used to create the venv (default python3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${PANIER_SYNAPSE_DIR:-$repo/target/synapse}"
port="${PANIER_SYNAPSE_PORT:-8448}"
version="${PANIER_SYNAPSE_VERSION:-1.163.2}"
python="${PYTHON:-python3}"
server_name="localhost"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
venv="$dir/venv"
data="$dir/data"
config="$data/homeserver.yaml"
log="$dir/synapse.log"
pidfile="$dir/synapse.pid"

note() { printf '[synapse] %s\n' "$*" >&2; }

# --- install -------------------------------------------------------------------------
if [ ! -x "$venv/bin/python" ]; then
    note "creating virtualenv in $venv"
    "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('matrix-synapse') != '$version')" 2>/dev/null; then
    note "installing matrix-synapse==$version (PyPI)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "matrix-synapse==$version"
fi

url_of() { printf 'http://127.0.0.1:%s' "$1"; }

answers() {
    "$venv/bin/python" - "$1" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1] + "/_matrix/client/versions", timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

port_free() {
    "$venv/bin/python" - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# --- reuse a running server ------------------------------------------------------------
running=""
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && [ -f "$dir/port" ]; then
    if answers "$(url_of "$(cat "$dir/port")")"; then
        running=yes
        port="$(cat "$dir/port")"
        note "reusing the server already running on port $port (pid $(cat "$pidfile"))"
    fi
fi

if [ -z "$running" ]; then
    # --- configure ---------------------------------------------------------------------
    for _ in $(seq 1 50); do
        port_free "$port" && break
        port=$((port + 1))
    done
    port_free "$port" || { note "no free port found"; exit 1; }
    mkdir -p "$data"
    if [ ! -f "$config" ]; then
        note "generating the configuration in $data"
        (cd "$data" && "$venv/bin/python" -m synapse.app.homeserver --server-name "$server_name" \
            --config-path "$config" --data-directory "$data" --generate-config --report-stats=no >/dev/null)
    fi
    if [ ! -f "$dir/shared_secret" ]; then
        "$venv/bin/python" -c "import secrets; print(secrets.token_hex(24))" > "$dir/shared_secret"
    fi
    "$venv/bin/python" "$here/configure.py" "$config" "$port" "$(cat "$dir/shared_secret")"
    echo "$port" > "$dir/port"

    # --- start -------------------------------------------------------------------------
    note "starting Synapse on 127.0.0.1:$port (log: $log)"
    (cd "$data" && nohup "$venv/bin/python" -m synapse.app.homeserver -c "$config" >>"$log" 2>&1 &
     echo $! > "$pidfile")
    for i in $(seq 1 120); do
        answers "$(url_of "$port")" && break
        if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            note "Synapse exited; last lines of $log:"; tail -n 30 "$log" >&2; exit 1
        fi
        [ "$i" = 120 ] && { note "Synapse did not answer within 60 s"; tail -n 30 "$log" >&2; exit 1; }
        sleep 0.5
    done
fi
url="$(url_of "$port")"

# --- users -----------------------------------------------------------------------------
# Fixed accounts for a developer trying the bot with a client; the tests register their own.
register() {
    local user="$1" password="$2" out
    if out=$("$venv/bin/register_new_matrix_user" -c "$config" -u "$user" -p "$password" --no-admin "$url" 2>&1); then
        note "registered @$user:$server_name"
    elif grep -qi "already taken\|in use" <<<"$out"; then
        :
    else
        note "could not register $user: $out"; exit 1
    fi
}
register panier-bot panier-bot-password
register amapien1 amapien1-password
register amapien2 amapien2-password

cat > "$dir/env.sh" <<ENV
export PANIER_TEST_SYNAPSE_URL=$url
export PANIER_TEST_SYNAPSE_SERVER_NAME=$server_name
export PANIER_TEST_SYNAPSE_BOT_USER=@panier-bot:$server_name
export PANIER_TEST_SYNAPSE_BOT_PASSWORD=panier-bot-password
export PANIER_TEST_SYNAPSE_MEMBER1_USER=@amapien1:$server_name
export PANIER_TEST_SYNAPSE_MEMBER1_PASSWORD=amapien1-password
export PANIER_TEST_SYNAPSE_MEMBER2_USER=@amapien2:$server_name
export PANIER_TEST_SYNAPSE_MEMBER2_PASSWORD=amapien2-password
ENV
note "ready: $url (variables in $dir/env.sh)"
echo "$url"
