#!/usr/bin/env bash
# Translation: HumanEval, HumanEval+ (plus inputs as tests) and MBPP into every language
# benchsmith translates to, with validation in the sandbox, and HumanEval-X's hand-written
# solutions run against the translated tests. Wall time on this machine (2 workers; median of
# RUNS runs). Prints a Markdown table for BENCHMARKS.md.
# Usage: bench/translate.sh [RUNS]
set -euo pipefail
RUNS=${1:-1}
source "$(dirname "$0")/lib.sh"
echo "| dataset | language | translated | validated | test cases | cases left out | HumanEval-X solutions passing | wall s (median of $RUNS) |"
echo "|---|---|---|---|---|---|---|---|"
for ds in humaneval/HumanEval.jsonl.gz humanevalplus/HumanEvalPlus.jsonl.gz mbpp/mbpp.jsonl; do
  for lang in js; do
    hx=()
    case $ds in humaneval*) hx=(--cross-check "$D/humaneval-x/$lang/humaneval_$lang.jsonl.gz");; esac
    for r in $(seq "$RUNS"); do
      rm -rf "$W/out"
      s=$(date +%s.%N)
      $B translate "$D/$ds" --to "$lang" --out "$W/out" "${hx[@]}" --format json -j 2 > "$W/summary.json"
      e=$(date +%s.%N)
      echo "$e - $s" | bc >> "$W/times"
    done
    python3 - "$W/summary.json" "$W/times" "$ds" "$lang" <<'PY'
import json, statistics, sys
s = json.load(open(sys.argv[1])); times = [float(x) for x in open(sys.argv[2])]
l = s["languages"][sys.argv[4]]
cc = next(iter(s.get("cross_check", {}).values()), None)
ccs = f"{cc['passed']} of {cc['checked']}" if cc else "-"
dropped = ", ".join(f"{n} {r}" for r, n in l["cases_dropped"].items()) or "-"
print(f"| {sys.argv[3].split('/')[-1]} | {sys.argv[4]} | {l['translated']} | {l['validated']} | {l['cases']} | {dropped} | {ccs} | {statistics.median(times):.1f} |")
PY
    rm -f "$W/times"
  done
done
