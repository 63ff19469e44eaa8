#!/usr/bin/env bash
# Translation: HumanEval, HumanEval+ (plus inputs as tests) and MBPP into every language
# benchsmith translates to, with validation in the sandbox, and HumanEval-X's hand-written
# solutions (js, cpp, java, go, rs) run against the translated tests. Wall time on this machine
# (2 workers; median of RUNS runs) and the share of validation time spent compiling (stub
# checks and builds). MultiPL-E's own counts (161 HumanEval inputs, 400 MBPP inputs, from
# ../shared/notes/multipl-e.md) beside ours. Prints a Markdown table for BENCHMARKS.md.
# Usage: [BENCH_LANGS="cpp rs"] [BENCH_TASKS="--task 11 --task 15"] bench/translate.sh [RUNS] [DATASET...]
# (datasets under ../shared/datasets)
set -euo pipefail
RUNS=${1:-1}
shift || true
DATASETS=("$@")
[ ${#DATASETS[@]} -gt 0 ] || DATASETS=(humaneval/HumanEval.jsonl.gz humanevalplus/HumanEvalPlus.jsonl.gz mbpp/mbpp.jsonl)
read -r -a LANGS <<< "${BENCH_LANGS:-js ts java cpp cs go rs php rb lua pl r}"
source "$(dirname "$0")/lib.sh"
declare -A MULTIPL_E_HE=([js]=161 [ts]=159 [java]=158 [cpp]=161 [cs]=158 [go]=154 [rs]=156 [php]=161 [rb]=161 [lua]=161 [pl]=161 [r]=161)
declare -A MULTIPL_E_MBPP=([js]=397 [ts]=385 [java]=383 [cpp]=396 [cs]=383 [go]=371 [rs]=356 [php]=397 [rb]=397 [lua]=397 [pl]=396 [r]=397)
declare -A HX=([js]=js [cpp]=cpp [java]=java [go]=go [rs]=rust)
echo "| dataset | language | translated | validated | MultiPL-E keeps (of its 161 / 400 inputs) | test cases | cases left out | HumanEval-X solutions passing | wall s (median of $RUNS) | compiling share |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for ds in "${DATASETS[@]}"; do
  for lang in "${LANGS[@]}"; do
    hx=()
    case $ds in humaneval/*) [ -n "${HX[$lang]:-}" ] && hx=(--cross-check "$D/humaneval-x/${HX[$lang]}/humaneval_${HX[$lang]}.jsonl.gz");; esac
    peer=-
    case $ds in humaneval/*) peer=${MULTIPL_E_HE[$lang]};; mbpp/*) peer=${MULTIPL_E_MBPP[$lang]};; esac
    for r in $(seq "$RUNS"); do
      rm -rf "$W/out"
      s=$(date +%s.%N)
      # shellcheck disable=SC2086
      $B translate "$D/$ds" --to "$lang" --out "$W/out" "${hx[@]}" ${BENCH_TASKS:-} --format json -j 2 > "$W/summary.json"
      e=$(date +%s.%N)
      echo "$e - $s" | bc >> "$W/times"
    done
    python3 - "$W/summary.json" "$W/times" "$ds" "$lang" "$peer" <<'PY'
import json, statistics, sys
s = json.load(open(sys.argv[1])); times = [float(x) for x in open(sys.argv[2])]
l = s["languages"][sys.argv[4]]
cc = next(iter(s.get("cross_check", {}).values()), None)
ccs = f"{cc['passed']} of {cc['checked']}" if cc else "-"
dropped = ", ".join(f"{n} {r}" for r, n in l["cases_dropped"].items()) or "-"
flagged = ", ".join(f"{n} {r}" for r, n in l.get("cases_flagged", {}).items())
if flagged:
    dropped += f" (kept, flagged: {flagged})"
sec = l["seconds"]; total = sec["check"] + sec["build"] + sec["run"]
share = f"{(sec['check'] + sec['build']) / total:.0%}" if total else "-"
print(f"| {sys.argv[3].split('/')[-1]} | {sys.argv[4]} | {l['translated']} | {l['validated']} | {sys.argv[5]} | {l['cases']} | {dropped} | {ccs} | {statistics.median(times):.1f} | {share} |")
PY
    rm -f "$W/times"
  done
done
