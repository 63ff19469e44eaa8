#!/usr/bin/env bash
# Test-suite strength on the same mutants (at most 40 per HumanEval problem, stratified over
# operators, seed 0): HumanEval's original tests, HumanEval+'s inputs (full and Mini, expected
# outputs from HumanEval's reference), benchsmith fuzz's suite and its reduced suite. Scores are
# mutants killed over all mutants: a survivor may be equivalent or beyond every suite, which no
# run here tells apart, so it counts against every suite. Prints a Markdown section.
# Usage: bench/mutation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
cargo build --release --locked -q
BIN=./target/release/benchsmith
HE=../shared/datasets/humaneval/HumanEval.jsonl.gz
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$BIN" -q --format json fuzz "$HE" --reduce --mutants 40 --out "$TMP/fuzz.jsonl" > "$TMP/fuzz.json"
for suite in HumanEvalPlus HumanEvalPlus-Mini; do
  "$BIN" -q --format json mutate "$HE" --max 40 --suite "../shared/datasets/humanevalplus/$suite.jsonl.gz" \
    --out "$TMP/$suite.mut.jsonl" > "$TMP/$suite.json"
done
python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
fz = json.load(open(f"{tmp}/fuzz.json"))
c = fz["mutants"]
rows = [("HumanEval original tests", c["killed_by_original"], c["total"], "-")]
for suite in ("HumanEvalPlus", "HumanEvalPlus-Mini"):
    recs = [json.loads(l) for l in open(f"{tmp}/{suite}.mut.jsonl")]
    killed = sum(1 for r in recs if r["killing_inputs"] > 0)
    rows.append((f"{suite} inputs (v0.1.10)", killed, len(recs), "-"))
rows.append(("benchsmith fuzz", c["killed_by_fuzzed"], c["total"], f'{fz.get("mean_inputs", 0):.0f} inputs/problem'))
rows.append(("benchsmith fuzz, reduced", c["killed_by_reduced"], c["total"], f'{fz.get("reduced_tests_per_problem", 0):.1f} tests/problem'))
print("## Mutation scores on HumanEval (same mutants for every suite)")
print()
print(f'{c["total"]} mutants of {fz["problems"]} problems; equivalence: unknown (survivors count against every suite); {c["survived"]} survive every suite.')
print()
print("| suite | killed | of | share | size |")
print("| --- | ---: | ---: | ---: | --- |")
for name, k, n, size in rows:
    print(f"| {name} | {k} | {n} | {100 * k / n:.1f}% | {size} |")
PY
