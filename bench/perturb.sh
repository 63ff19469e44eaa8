#!/usr/bin/env bash
# Benchmark: wall time to generate AND validate (every variant's reference solution run against
# its tests in the sandbox) ReCode's whole default suite (`--recipe recode`) on HumanEval (164)
# and MBPP (974). ReCode itself publishes data, not a runnable generator+validator, so there is
# no peer to run side by side; the report counts what was checked and executed.
# Prints a Markdown section (append it to BENCHMARKS.md). Usage: bench/perturb.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
HE=../shared/datasets/humaneval/HumanEval.jsonl.gz
MBPP=../shared/datasets/mbpp/mbpp.jsonl
cargo build --release --locked -q
BIN=./target/release/benchsmith
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for i in $(seq "$RUNS"); do
  for ds in he mbpp; do
    src=$HE; [ "$ds" = mbpp ] && src=$MBPP
    /usr/bin/time -f "%e %M" -o "$OUT/t" "$BIN" perturb "$src" --recipe recode --out "$OUT/$ds" --format json > "$OUT/$ds.json"
    echo "$(cat "$OUT/t")" >> "$OUT/$ds.times"
  done
done
python3 - "$OUT" "$RUNS" <<'PY'
import json, os, platform, statistics, subprocess, sys
out, runs = sys.argv[1], int(sys.argv[2])
def med(ds):
    rows = [l.split() for l in open(f"{out}/{ds}.times") if l.strip()]
    return statistics.median(float(r[0]) for r in rows), max(int(r[1]) for r in rows) / 1024
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
(he_t, he_m), (mb_t, mb_m) = med("he"), med("mbpp")
print(f"""## perturb: ReCode's `recode` recipe, generated and validated

Command: `bench/perturb.sh {runs}` — median of {runs} runs. Machine: {os.cpu_count()} cores ({cpu}), Linux {platform.release()}.

| dataset | wall time (s) | peak RSS (MiB) | variants checked | programs executed |
|---|---:|---:|---:|---:|""")
reports = {ds: json.load(open(f"{out}/{ds}.json")) for ds in ("he", "mbpp")}
for ds, t, m in (("HumanEval", he_t, he_m), ("MBPP", mb_t, mb_m)):
    r = reports["he" if ds == "HumanEval" else "mbpp"]
    print(f"| {ds} | {t:.1f} | {m:.0f} | {r['variants_checked']} | {r['executions']} |")
print(f"| total | {he_t + mb_t:.1f} | | | |\n")
print("Per transform (all seeds): generated / changed / unchanged / invalid (invalid variants are never written).\n")
print("| transform | HumanEval | MBPP |\n|---|---|---|")
for t in reports["he"]["transforms"]:
    cells = []
    for ds in ("he", "mbpp"):
        v = reports[ds]["transforms"].get(t)
        cells.append(f"{v['generated']} / {v['changed']} / {v['unchanged']} / {v['invalid']}" if v else "-")
    print(f"| {t} | {cells[0]} | {cells[1]} |")
PY
