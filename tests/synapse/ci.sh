# Sourced by .ci/run (bash): starts the test Synapse and exports PANIER_TEST_SYNAPSE_URL and the
# test accounts into the caller's environment, so `cargo test` runs the Matrix tests.
#
#   source tests/synapse/ci.sh
#
# Fails (returns non-zero) when Synapse cannot be installed or started; under CI=true the
# caller's `set -e` then stops the run, so the Matrix tests are never silently skipped there.
_panier_synapse_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if bash "$_panier_synapse_here/start.sh" >/dev/null; then
    # shellcheck disable=SC1091
    source "${PANIER_SYNAPSE_DIR:-$_panier_synapse_here/../../target/synapse}/env.sh"
    echo "Synapse for the Matrix tests: $PANIER_TEST_SYNAPSE_URL"
else
    echo "could not start Synapse for the Matrix tests" >&2
    false
fi
unset _panier_synapse_here
