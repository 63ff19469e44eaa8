#!/usr/bin/env bash
# Fuzzed suites inside the documented domain, measured on the real data.
# 1. `benchsmith fuzz` on HumanEval and on MBPP, with the contracts HumanEval+ and MBPP+ publish
#    given by --contracts-from: of the inputs benchsmith's own contract kept (inferred from the
#    tests, read from the docstring), how many do the authors' contracts reject? Per problem
#    and in total; extreme-tier inputs counted apart.
# 2. The real samples of ../shared/samples (distinct programs per task), judged by evalplus 0.3.1
#    itself on HumanEval+ v0.1.10 and on benchsmith's fuzzed HumanEval (EvalPlus format): every
#    sample that passes HumanEval+ and fails ours, and every one that fails HumanEval+ and passes
#    ours, with the input that decided it.
# Prints a Markdown section for BENCHMARKS.md.
# Usage: bench/fuzz-domain.sh [BUDGET]
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=${1:-250}
D=../shared/datasets
bash scripts/setup.sh >/dev/null
cargo build --release --locked -q
BIN=$PWD/target/release/benchsmith
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "## fuzz: inputs inside the documented domain (HumanEval, MBPP)"
echo
echo "Command: \`bench/fuzz-domain.sh $BUDGET\`. Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
echo
for spec in "HumanEval:$D/humaneval/HumanEval.jsonl.gz:$D/humanevalplus/HumanEvalPlus.jsonl.gz" "MBPP:$D/mbpp/mbpp.jsonl:$D/mbppplus/MbppPlus.jsonl.gz"; do
  IFS=: read -r name data contracts <<< "$spec"
  "$BIN" -q fuzz "$data" --contracts-from "$contracts" --budget "$BUDGET" --out "$TMP/$name-fuzz.jsonl" \
    --report "$TMP/$name-report.jsonl" --format json > "$TMP/$name-summary.json" || true
done
python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
print("| suite | problems | with docstring preconditions | with published contract | inputs kept by benchsmith's own contract | rejected by the published contract | share | extreme-tier inputs | original inputs outside the contract |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
worst = {}
emitted_rows = []
for name in ("HumanEval", "MBPP"):
    s = json.load(open(f"{tmp}/{name}-summary.json"))
    c = s["contracts"]
    reports = [json.loads(l) for l in open(f"{tmp}/{name}-report.jsonl")]
    kept = sum(r["stats"]["valid"] + r["stats"]["published"] for r in reports if r["contract"].get("published"))
    print(f"| {name} | {s['problems']} | {c['stated']} | {c['published']} | {kept} | {c['published_rejected']} | {100 * (c.get('published_rejected_share') or 0):.2f}% | {c['extreme_inputs']} | {c['observed_rejected']} |")
    # Independent check of what was emitted: every input of the fuzzed file run through the
    # published contract in a plain Python process, as EvalPlus's own input filter does.
    import gzip, multiprocessing
    plus = {json.loads(l)["task_id"]: json.loads(l) for l in gzip.open(f"../shared/datasets/{'humanevalplus/HumanEvalPlus' if name == 'HumanEval' else 'mbppplus/MbppPlus'}.jsonl.gz", "rt")}
    emitted = broken = other = 0
    for l in open(f"{tmp}/{name}-fuzz.jsonl"):
        r = json.loads(l)
        tid = r["task_id"] if name == "HumanEval" else f"Mbpp/{r['task_id']}"
        ep = plus.get(tid)
        if not ep or not ep.get("contract", "").strip():
            continue
        if name == "HumanEval":
            head = ep["prompt"]
        else:
            lines = ep["canonical_solution"].splitlines(keepends=True)
            k = next((i for i, x in enumerate(lines) if x.startswith(f"def {ep['entry_point']}(")), None)
            if k is None:
                continue
            head = "".join(lines[: k + 1])
        ns = {}
        try:
            exec(head + ep["contract"] + "\n    return True\n", ns)
        except Exception:
            continue
        for inp in r["plus_input"]:
            try:
                ns[ep["entry_point"]](*inp)
                emitted += 1
            except AssertionError:
                emitted += 1
                broken += 1
            except Exception as e:
                # "invalid inputs" is how some contracts reject; anything else (a TypeError)
                # means the published task is another function (MBPP+ changed its signature).
                if "invalid inputs" in str(e):
                    emitted += 1
                    broken += 1
                else:
                    other += 1
    emitted_rows.append(f"| {name} | {emitted} | {broken} | {100 * broken / max(emitted, 1):.2f}% | {other} |")
    worst[name] = sorted(
        ((r["stats"]["published"], r["stats"]["valid"] + r["stats"]["published"], r["task_id"]) for r in reports if r["stats"]["published"]),
        reverse=True)[:8]
print()
print("Independent check of the emitted files (each fuzzed input run through the published contract in plain Python):")
print()
print("| suite | fuzzed inputs on problems with a published contract | breaking it | share | not comparable (the published task has another signature) |")
print("| --- | ---: | ---: | ---: | ---: |")
print("\n".join(emitted_rows))
print()
for name, rows in worst.items():
    if rows:
        print(f"{name}, problems where the published contract rejected most: " + ", ".join(f"{t} {n}/{k}" for n, k, t in rows) + ".")
print()
PY

# 2. evalplus itself on HumanEval+ and on our fuzzed HumanEval.
zcat "$D/humanevalplus/HumanEvalPlus.jsonl.gz" > "$TMP/HumanEvalPlus.jsonl"
python3 - "$TMP" <<'PY'
import json, sys, gzip
tmp = sys.argv[1]
prompts = {json.loads(l)["task_id"]: json.loads(l)["prompt"] for l in gzip.open("../shared/datasets/humaneval/HumanEval.jsonl.gz", "rt")}
seen = set()
out = open(f"{tmp}/samples.jsonl", "w")
sources = [
    "../shared/samples/ldb-seeds/humaneval_gpt-3.5-turbo-0613.solutions.jsonl",
    "../shared/samples/ldb-seeds/humaneval_codellama.solutions.jsonl",
    "../shared/samples/gpt-3.5-turbo-instruct/hEvalTest35_noExp_1dPro_1CPT_500Tkns_10SPT_Samples.jsonl",
    "../shared/samples/zephyr-7b-alpha/zephyr_samples.jsonl",
]
for src in sources:
    for l in open(src):
        r = json.loads(l)
        prog = r.get("solution") or prompts[r["task_id"]] + r["completion"]
        if (r["task_id"], prog) in seen:
            continue
        seen.add((r["task_id"], prog))
        out.write(json.dumps({"task_id": r["task_id"], "solution": prog, "source": src.split("/")[3]}) + "\n")
PY
for suite in HumanEvalPlus HumanEval-fuzz; do
  f="$TMP/$suite.jsonl"
  mkdir -p "$TMP/$suite"; cp "$TMP/samples.jsonl" "$TMP/$suite/samples.jsonl"
  rm -rf ~/.cache/evalplus
  (cd "$TMP/$suite" && HUMANEVAL_OVERRIDE_PATH="$f" python3 -m evalplus.evaluate --dataset humaneval \
    --samples samples.jsonl --parallel 2 --i-just-wanna-run >/dev/null 2>&1)
done
python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
samples = [json.loads(l) for l in open(f"{tmp}/samples.jsonl")]
def verdicts(suite):
    ev = json.load(open(f"{tmp}/{suite}/samples_eval_results.json"))["eval"]
    out = {}
    for t, lst in ev.items():
        for i, e in enumerate(lst):
            out[(t, i)] = (e["base_status"] == "pass" and e["plus_status"] == "pass", e)
    return out
hp, ours = verdicts("HumanEvalPlus"), verdicts("HumanEval-fuzz")
per_task = {}
for s in samples:
    per_task.setdefault(s["task_id"], []).append(s)
n = both = only_hp = only_ours = 0
lines = []
for (t, i), (p, e) in hp.items():
    q, eo = ours[(t, i)]
    n += 1
    both += p and q
    if p and not q:
        only_hp += 1
        fail = (eo.get("plus_fail_tests") or eo.get("base_fail_tests") or ["?"])[0]
        lines.append(f"  - passes HumanEval+, fails ours: {t} #{i} ({per_task[t][i]['source']}) on {json.dumps(fail)[:160]}")
    if q and not p:
        only_ours += 1
        fail = (e.get("plus_fail_tests") or e.get("base_fail_tests") or ["?"])[0]
        lines.append(f"  - fails HumanEval+, passes ours: {t} #{i} ({per_task[t][i]['source']}) on {json.dumps(fail)[:160]}")
print(f"evalplus 0.3.1 on {n} distinct real samples: {sum(p for p, _ in hp.values())} pass HumanEval+, {sum(q for q, _ in ours.values())} pass benchsmith's fuzzed HumanEval; {both} pass both; {only_hp} pass HumanEval+ only; {only_ours} pass ours only.")
print()
print("\n".join(lines))
PY
