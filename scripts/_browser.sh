# Sourced by scripts/test: make sure Debian's Chromium is there for the
# browser tests, installing it with apt-get when it is missing and we can.
# browser_tests_can_run returns 0 when the browser tests can run, and 1
# (after saying so loudly) when they must be skipped. In CI a missing
# browser is a failure, not a skip. CHROMIUM and APT_GET can be pointed
# elsewhere (tests/test_scripts.py does).
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
APT_GET="${APT_GET:-apt-get}"

browser_tests_can_run() {
    if [ ! -x "$CHROMIUM" ] && [ "$(id -u)" = 0 ] && command -v "$APT_GET" >/dev/null 2>&1; then
        echo "==> Installing Debian's Chromium for the browser tests"
        # A busy package manager (another process holds its lock) must end
        # in the loud skip below, not in apt-get's exit code under set -e.
        if ! { "$APT_GET" update -qq && DEBIAN_FRONTEND=noninteractive "$APT_GET" install -y -qq \
            chromium fonts-noto-core fonts-noto-cjk >/dev/null; }; then
            echo "!! apt-get could not install Chromium (is another package manager running?)" >&2
        fi
    fi
    if [ -x "$CHROMIUM" ]; then
        return 0
    fi
    if [ "${CI:-}" = "true" ]; then
        echo "!! $CHROMIUM is missing and could not be installed; CI needs it." >&2
        exit 1
    fi
    echo "!! ========================================================================"
    echo "!! $CHROMIUM is missing and could not be installed (needs root and"
    echo "!! apt-get). SKIPPING the browser tests in tests/e2e. Install it with:"
    echo "!!     apt-get install -y chromium fonts-noto-core fonts-noto-cjk"
    echo "!! ========================================================================"
    return 1
}
