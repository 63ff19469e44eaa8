#!/usr/bin/env bash
# The test command: set-up (scripts/setup.sh), `cargo fmt --check`, clippy with warnings as
# errors, then the whole suite. The integration tests read
# the real datasets from ../shared/datasets and fail loudly when they are missing. Every
# feature is on.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# House rules first: formatting and lints (warnings are errors), then the suite.
cargo fmt --check
cargo clippy --locked --all-targets --all-features -- -D warnings
cargo test --locked --all-targets --all-features "$@"
