#!/usr/bin/env bash
# Wall time of `benchsmith compose` (probe + instantiate + all gates + render + self-check) on
# all of HumanEval and MBPP. Median of 3 runs each; results as a Markdown table on stdout.
#   bench/compose.sh [RUNS] [MBPP_RUNS]   (run from the crate root; needs ../shared/datasets)
set -euo pipefail
RUNS=${1:-3}
MBPP_RUNS=${2:-$RUNS}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/benchsmith
HE=$ROOT/../shared/datasets/humaneval/HumanEval.jsonl.gz
MBPP=$ROOT/../shared/datasets/mbpp/mbpp.jsonl
for f in "$HE" "$MBPP"; do [ -f "$f" ] || { echo "missing $f" >&2; exit 2; }; done
(cd "$ROOT" && cargo build --release --quiet)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "| dataset | bases | problems | covered | 3+ templates | rejected | runs (s) | median (s) |"
echo "|---|---|---|---|---|---|---|---|"
for name in humaneval mbpp; do
  data=$HE; [ $name = mbpp ] && data=$MBPP
  times=()
  n=$RUNS; [ $name = mbpp ] && n=$MBPP_RUNS
  for i in $(seq "$n"); do
    s=$(date +%s.%N)
    "$BIN" --format json compose "$data" --out "$OUT/$name.jsonl" > "$OUT/$name.json"
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  med=$(printf '%s\n' "${times[@]}" | median)
  python3 - "$OUT/$name.json" "$name" "$med" "${times[*]}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {r['inputs']} | {r['problems']} | {r['bases_covered']} | {r['bases_with_3_templates']} | {r['rejected']} | {' '.join('%.1f' % float(t) for t in sys.argv[4].split())} | {float(sys.argv[3]):.1f} |")
print("templates:", json.dumps(r["templates"], sort_keys=True), file=sys.stderr)
print("rejections:", json.dumps(r["rejections_by_gate"], sort_keys=True), file=sys.stderr)
PY
done
