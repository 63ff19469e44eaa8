#!/usr/bin/env bash
# Benchmark: fuzz all of HumanEval at the default budget (250 new inputs per problem), 3 runs,
# median wall time; then one run with --reduce for the mutation scores (original / fuzzed /
# reduced). Writes bench/results/fuzz-runs.json and prints a markdown table.
#   bench/fuzz.sh [DATASET] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$here/../shared/datasets/humaneval/HumanEval.jsonl.gz}
runs=${2:-3}
[ -f "$data" ] || { echo "missing dataset $data" >&2; exit 2; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target}
(cd "$here" && cargo build --release -q)
bin=$CARGO_TARGET_DIR/release/benchsmith
out=$here/bench/out
mkdir -p "$out" "$here/bench/results"
times=()
for i in $(seq "$runs"); do
  s=$(date +%s.%N)
  "$bin" --format json fuzz "$data" --out "$out/humaneval-fuzz.jsonl" > "$out/fuzz-run$i.json"
  e=$(date +%s.%N)
  times+=("$(echo "$e - $s" | bc)")
  echo "run $i: ${times[-1]} s" >&2
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
"$bin" --format json fuzz "$data" --out "$out/humaneval-reduced.jsonl" --reduce --report "$out/humaneval-report.jsonl" > "$out/fuzz-reduce.json"
python3 - "$out" "$median" "${times[*]}" <<'PY'
import json, sys, platform, os
out, median, times = sys.argv[1], float(sys.argv[2]), sys.argv[3].split()
s = json.load(open(f"{out}/fuzz-run1.json"))
r = json.load(open(f"{out}/fuzz-reduce.json"))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
res = {"median_seconds": median, "runs": [float(t) for t in times], "machine": f"{os.cpu_count()} cores, {cpu}", "fuzz": s, "reduce": r}
json.dump(res, open(f"{out}/../results/fuzz-runs.json", "w"), indent=1)
ms = r["mutation_score"]
print(f"| problems | new inputs | per problem | valid rate | median time (3 runs) | score original | fuzzed | reduced | reduced tests/problem |")
print(f"|---|---|---|---|---|---|---|---|---|")
print(f"| {s['problems']} | {s['inputs']} | {s['mean_inputs']:.1f} | {100*s['valid_rate']:.1f}% | {median:.1f} s | {100*ms['original']:.1f}% | {100*ms['fuzzed']:.1f}% | {100*ms['reduced']:.1f}% | {r['reduced_tests_per_problem']:.1f} |")
PY
