# Sourced by .ci/run (bash): installs Debian's Chromium and ChromeDriver when missing, starts
# chromedriver on 127.0.0.1:9515 and exports PANIER_TEST_CHROMEDRIVER, so `cargo test` runs the
# real-browser test of the signing pages (web/tests/browser.rs; screenshots in target/screenshots/).
#
#   source tests/browser/ci.sh
#
# Fails (returns non-zero) when the browser cannot be installed or started; under CI=true the
# caller's `set -e` then stops the run, so the browser test is never silently skipped there.
_panier_browser_port="${PANIER_CHROMEDRIVER_PORT:-9515}"
_panier_browser_ok=true
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "installing chromium and chromium-driver"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }; then
        echo "could not install chromium / chromium-driver" >&2
        _panier_browser_ok=false
    fi
fi
if $_panier_browser_ok; then
    if ! curl -fsS "http://127.0.0.1:${_panier_browser_port}/status" >/dev/null 2>&1; then
        mkdir -p target
        chromedriver --port="${_panier_browser_port}" --allowed-ips=127.0.0.1 >target/chromedriver.log 2>&1 &
        echo $! > target/chromedriver.pid
        for _ in $(seq 1 50); do
            curl -fsS "http://127.0.0.1:${_panier_browser_port}/status" >/dev/null 2>&1 && break
            sleep 0.2
        done
    fi
    if curl -fsS "http://127.0.0.1:${_panier_browser_port}/status" >/dev/null 2>&1; then
        export PANIER_TEST_CHROMEDRIVER="http://127.0.0.1:${_panier_browser_port}"
        echo "chromedriver for the browser test: $PANIER_TEST_CHROMEDRIVER ($(chromium --version 2>/dev/null))"
    else
        echo "could not start chromedriver (see target/chromedriver.log)" >&2
        _panier_browser_ok=false
    fi
fi
unset _panier_browser_port
if $_panier_browser_ok; then unset _panier_browser_ok; true; else unset _panier_browser_ok; false; fi
