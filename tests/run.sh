#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run them all
# (browser tests included). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Chromium for browser tests, bubblewrap and libseccomp for the
# runner's isolation, graphviz for the layout benchmark's anchor, nginx for the deploy/ test.
missing=()
for pkg in chromium bubblewrap libseccomp2 graphviz nginx; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m pip install -q -e '.[test]'
python3 -m pytest "$@"
