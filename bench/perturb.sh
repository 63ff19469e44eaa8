#!/usr/bin/env bash
# Wall time to generate AND validate (every variant's reference run in the sandbox) the whole
# `recode` recipe on HumanEval (164) + MBPP (974). Median of 3 runs.
# Usage: bench/perturb.sh [RUNS]   (builds the release binary into $CARGO_TARGET_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-perturb}
cargo build --release -q
BIN=$CARGO_TARGET_DIR/release/benchsmith
HE=../shared/datasets/humaneval/HumanEval.jsonl.gz
MBPP=../shared/datasets/mbpp/mbpp.jsonl
OUT=$(mktemp -d)
times=()
for i in $(seq "$RUNS"); do
  s=$(date +%s.%N)
  "$BIN" --format json perturb "$HE" --recipe recode --out "$OUT/he" > "$OUT/he.json" || true
  "$BIN" --format json perturb "$MBPP" --recipe recode --out "$OUT/mbpp" > "$OUT/mbpp.json" || true
  e=$(date +%s.%N)
  t=$(echo "$e - $s" | bc)
  echo "run $i: $t s"
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median:", a[int((NR+1)/2)], "s"}'
python3 - "$OUT" <<'PY'
import json, sys
for ds in ("he", "mbpp"):
    r = json.load(open(f"{sys.argv[1]}/{ds}.json"))
    print(ds, "tasks", r["tasks"], "excluded", len(r["excluded"]), "variants executed", r["variants_checked"])
    for t, v in r["transforms"].items():
        print(f"  {t:34} generated {v['generated']:5} changed {v['changed']:5} unchanged {v['unchanged']:5} invalid {v['invalid']}")
PY
