#!/usr/bin/env bash
# Parity and speed: `benchsmith evaluate` vs `evalplus.evaluate` (evalplus 0.3.1 from PyPI) on
# the published HumanEval+ v0.1.10 and MBPP+ v0.2.0, run side by side with the same worker count.
# Sample sets: the real model generations of ../shared/samples/ldb-seeds (EvalPlus-style whole
# programs), and on both datasets the canonical solutions and `return None` programs.
# Per-sample base and base+plus verdicts are compared; every difference is listed. Times are the
# median of RUNS runs each, in two settings: cold (each tool computes the ground truth: evalplus
# without its cache, benchsmith with --recompute-truth) and warm (each reads the ground truth
# its previous run cached). benchsmith always runs with --fresh --no-cache (every program runs)
# and without its extra shrinking of counterexamples.
# Prints a Markdown section for BENCHMARKS.md.
# Usage: bench/evalplus.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-3}
WORKERS=2
HE=../shared/datasets/humanevalplus/HumanEvalPlus.jsonl.gz
MB=../shared/datasets/mbppplus/MbppPlus.jsonl.gz
bash scripts/setup.sh >/dev/null
cargo build --release --locked -q
BIN=$PWD/target/release/benchsmith
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
zcat "$HE" > "$TMP/HumanEvalPlus.jsonl"
zcat "$MB" > "$TMP/MbppPlus.jsonl"

python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
for name in ("HumanEvalPlus", "MbppPlus"):
    rows = [json.loads(l) for l in open(f"{tmp}/{name}.jsonl")]
    with open(f"{tmp}/{name}-trivial.jsonl", "w") as out:
        for r in rows:
            prog = r["canonical_solution"] if name == "MbppPlus" else r["prompt"] + r["canonical_solution"]
            out.write(json.dumps({"task_id": r["task_id"], "solution": prog}) + "\n")
            out.write(json.dumps({"task_id": r["task_id"], "solution": f"def {r['entry_point']}(*args, **kwargs):\n    return None\n"}) + "\n")
PY
cp ../shared/samples/ldb-seeds/humaneval_gpt-3.5-turbo-0613.solutions.jsonl "$TMP/gpt35.jsonl"
cp ../shared/samples/ldb-seeds/humaneval_codellama.solutions.jsonl "$TMP/codellama.jsonl"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

compare() { # samples-file evalplus-results ours-results
python3 - "$@" <<'PY'
import json, sys
samples, ep_file, ours_file = sys.argv[1:]
ep = json.load(open(ep_file))["eval"]
ours = {}
for l in open(ours_file):
    r = json.loads(l)
    if "task_id" in r:
        ours[(r["task_id"], r["sample_index"])] = r
n = diff = 0
for t, lst in ep.items():
    for i, e in enumerate(lst):
        o = ours[(t, i)]
        n += 1
        eb = e["base_status"] == "pass"
        ebp = eb and e["plus_status"] == "pass"
        if eb != o["base"] or ebp != o["passed"]:
            diff += 1
            print(f"  - {t} #{i}: evalplus base={e['base_status']} plus={e['plus_status']}; benchsmith base={o['base']} plus={o.get('plus')}: {o['detail'][:120]}")
print(f"{n} samples, {diff} differences")
PY
}

echo "## benchsmith evaluate vs evalplus 0.3.1 (HumanEval+ v0.1.10, MBPP+ v0.2.0)"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $WORKERS workers each; median of $RUNS runs."
echo
echo "| dataset | samples | cold: evalplus s | benchsmith s | ratio | floor s | warm: evalplus s | benchsmith s | ratio | floor s | verdict differences |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for spec in "humaneval:HumanEvalPlus:gpt35" "humaneval:HumanEvalPlus:codellama" "humaneval:HumanEvalPlus:HumanEvalPlus-trivial" "mbpp:MbppPlus:MbppPlus-trivial"; do
  IFS=: read -r ds file samples <<< "$spec"
  ep_cold=(); bs_cold=(); ep_warm=(); bs_warm=()
  for _ in $(seq "$RUNS"); do
    rm -rf ~/.cache/evalplus
    for mode in cold warm; do
      rm -f "$TMP/${samples}_eval_results.json"
      t0=$(now)
      (cd "$TMP" && HUMANEVAL_OVERRIDE_PATH="$TMP/HumanEvalPlus.jsonl" MBPP_OVERRIDE_PATH="$TMP/MbppPlus.jsonl" \
        python3 -m evalplus.evaluate --dataset "$ds" --samples "$TMP/$samples.jsonl" --parallel "$WORKERS" --i-just-wanna-run >/dev/null 2>&1)
      t=$(echo "$(now) - $t0" | bc)
      if [ "$mode" = cold ]; then ep_cold+=("$t"); else ep_warm+=("$t"); fi
    done
    for mode in cold warm; do
      flag=""; [ "$mode" = cold ] && flag="--recompute-truth"
      t0=$(now)
      BENCHSMITH_CACHE="$TMP/cache" "$BIN" -j "$WORKERS" evaluate "$TMP/$file.jsonl" --samples "$TMP/$samples.jsonl" --results "$TMP/$samples.bs.jsonl" --fresh --no-cache $flag --shrink-limit 0 --k 1 -q >/dev/null || true
      t=$(echo "$(now) - $t0" | bc)
      if [ "$mode" = cold ]; then bs_cold+=("$t"); else bs_warm+=("$t"); fi
    done
  done
  ep=$(printf '%s\n' "${ep_cold[@]}" | median); bs=$(printf '%s\n' "${bs_cold[@]}" | median)
  epw=$(printf '%s\n' "${ep_warm[@]}" | median); bsw=$(printf '%s\n' "${bs_warm[@]}" | median)
  # The floor: the same programs in one process without isolation, CPU split over the workers.
  read -r gt_cpu s_cpu < <(cd "$TMP" && HUMANEVAL_OVERRIDE_PATH="$TMP/HumanEvalPlus.jsonl" MBPP_OVERRIDE_PATH="$TMP/MbppPlus.jsonl" \
    python3 "$ROOT/bench/evalplus_floor.py" "$ds" "$TMP/$samples.jsonl" 2>&1 >/dev/null | tail -1)
  floor=$(echo "($gt_cpu + $s_cpu) / $WORKERS" | bc -l); floorw=$(echo "$s_cpu / $WORKERS" | bc -l)
  report=$(compare "$TMP/$samples.jsonl" "$TMP/${samples}_eval_results.json" "$TMP/$samples.bs.jsonl")
  n=$(wc -l < "$TMP/$samples.jsonl")
  printf '| %s | %s (%s) | %.1f | %.1f | %.1fx | %.1f | %.1f | %.1f | %.1fx | %.1f | %s |\n' "$file" "$samples" "$n" "$ep" "$bs" "$(echo "$ep / $bs" | bc -l)" "$floor" "$epw" "$bsw" "$(echo "$epw / $bsw" | bc -l)" "$floorw" "$(echo "$report" | tail -1)"
  echo "$report" | head -n -1 >> "$TMP/differences.txt"
done
echo
if [ -s "$TMP/differences.txt" ]; then echo "Differences:"; cat "$TMP/differences.txt"; fi
