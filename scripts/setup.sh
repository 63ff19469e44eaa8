#!/usr/bin/env bash
# Installs what benchsmith and its tests need when it is missing: python3 (>= 3.8) with pip,
# util-linux's unshare (the sandbox's namespaces), and the Python packages the parity tests and
# benchmarks compare against, and the libraries benchmark programs import
# (scripts/requirements-test.txt, from PyPI). Safe to run repeatedly.
set -euo pipefail

need_apt=()
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
command -v unshare >/dev/null 2>&1 || need_apt+=(util-linux)
# The toolchains translations are proven with (Node.js, a JDK, g++ and rustc are on the machine).
command -v ruby >/dev/null 2>&1 || need_apt+=(ruby)
command -v lua5.4 >/dev/null 2>&1 || need_apt+=(lua5.4)
command -v php >/dev/null 2>&1 || need_apt+=(php-cli)
command -v perl >/dev/null 2>&1 || need_apt+=(perl)
command -v Rscript >/dev/null 2>&1 || need_apt+=(r-base-core)
command -v go >/dev/null 2>&1 || need_apt+=(golang-go)
command -v mcs >/dev/null 2>&1 || need_apt+=(mono-mcs)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  fi
fi
# TypeScript's compiler, from the npm registry (pinned).
command -v tsc >/dev/null 2>&1 || npm install -g --silent typescript@5.6.3 >/dev/null
python3 -m pip --version >/dev/null 2>&1 || python3 -m ensurepip --upgrade >/dev/null 2>&1 || true

pip_install() {
  # PEP 668 systems refuse global installs without this flag; older pips do not know it.
  python3 -m pip install --quiet --disable-pip-version-check "$@" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$@"
}
# The pinned test requirements, installed only when one of them is missing or another version.
if ! python3 - "$(dirname "$0")/requirements-test.txt" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if line:
        name, want = line.split("==")
        if version(name) != want:
            sys.exit(1)
PY
then
  pip_install -r "$(dirname "$0")/requirements-test.txt"
fi
