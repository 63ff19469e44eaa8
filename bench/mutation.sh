#!/usr/bin/env bash
# Test-suite strength on the same mutants (at most 40 per problem, stratified over operators,
# seed 0), on HumanEval and on the MBPP problems that MBPP+ covers: the original tests, the
# EvalPlus inputs (HumanEval+ full and Mini, MBPP+; expected outputs from the original
# reference), benchsmith fuzz's suite (inside the published contracts, --contracts-from) and its
# reduced suite. Scores are mutants killed over all mutants: a survivor may be equivalent or
# beyond every suite, which no run here tells apart, so it counts against every suite.
# Prints a Markdown section.
# Usage: bench/mutation.sh [HumanEval|MBPP]   (default: both)
set -euo pipefail
ONLY=${1:-}
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
cargo build --release --locked -q
BIN=./target/release/benchsmith
D=../shared/datasets
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# MBPP restricted to the tasks MBPP+ keeps (the same problems for every suite).
python3 - "$TMP" <<'PY'
import gzip, json, sys
tmp = sys.argv[1]
keep = {json.loads(l)["task_id"].split("/")[1] for l in gzip.open("../shared/datasets/mbppplus/MbppPlus.jsonl.gz", "rt")}
with open(f"{tmp}/mbpp.jsonl", "w") as out:
    for l in open("../shared/datasets/mbpp/mbpp.jsonl"):
        if str(json.loads(l)["task_id"]) in keep:
            out.write(l)
PY

for spec in "HumanEval:$D/humaneval/HumanEval.jsonl.gz:$D/humanevalplus/HumanEvalPlus.jsonl.gz:HumanEvalPlus HumanEvalPlus-Mini" \
            "MBPP:$TMP/mbpp.jsonl:$D/mbppplus/MbppPlus.jsonl.gz:MbppPlus"; do
  IFS=: read -r name data contracts suites <<< "$spec"
  if [ -n "$ONLY" ] && [ "$ONLY" != "$name" ]; then continue; fi
  "$BIN" -q --format json fuzz "$data" --contracts-from "$contracts" --reduce --mutants 40 \
    --out "$TMP/$name-fuzz.jsonl" > "$TMP/$name-fuzz.json" || true
  for suite in $suites; do
    folder=$(dirname "$contracts")
    "$BIN" -q --format json mutate "$data" --max 40 --suite "$folder/$suite.jsonl.gz" \
      --out "$TMP/$suite.mut.jsonl" > "$TMP/$suite.json" || true
  done
done
python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
print("## Mutation scores on HumanEval and MBPP (same mutants for every suite)")
print()
print("Equivalence: unknown (a mutant no suite kills counts against every suite).")
print()
print("| benchmark | suite | killed | of | share | size |")
print("| --- | --- | ---: | ---: | ---: | --- |")
import os
for name, suites in (("HumanEval", ("HumanEvalPlus", "HumanEvalPlus-Mini")), ("MBPP", ("MbppPlus",))):
    if not os.path.exists(f"{tmp}/{name}-fuzz.json"):
        continue  # left out by the argument
    fz = json.load(open(f"{tmp}/{name}-fuzz.json"))
    c = fz["mutants"]
    rows = [(f"{name} original tests", c["killed_by_original"], c["total"], "-")]
    for suite in suites:
        recs = [json.loads(l) for l in open(f"{tmp}/{suite}.mut.jsonl")]
        killed = sum(1 for r in recs if r["killing_inputs"] > 0)
        rows.append((f"{suite} inputs", killed, len(recs), "-"))
    rows.append(("benchsmith fuzz", c["killed_by_fuzzed"], c["total"], f'{fz.get("mean_inputs", 0):.0f} inputs/problem'))
    rows.append(("benchsmith fuzz, reduced", c["killed_by_reduced"], c["total"], f'{fz.get("reduced_tests_per_problem", 0):.1f} tests/problem'))
    for suite, k, n, size in rows:
        print(f"| {name} ({fz['problems']} problems) | {suite} | {k} | {n} | {100 * k / max(n, 1):.1f}% | {size} |")
    print(f"| {name} | survive the original, fuzzed and reduced suites | {c['survived']} | {c['total']} | | |")
PY
