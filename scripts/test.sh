#!/usr/bin/env bash
# The test command: set-up (scripts/setup.sh), then the whole suite. The integration tests read
# the real datasets from ../shared/datasets and fail loudly when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --locked --all-targets "$@"
