#!/usr/bin/env bash
# Check that an EvalPlus-format file written by `benchsmith fuzz` is read and evaluated by the
# `evalplus` package from PyPI, with the canonical solutions as samples: everything must pass.
#   bench/evalplus-check.sh [FUZZED.jsonl] [VENV]
# Needs: python3 -m venv; pip install evalplus (done here when VENV has no evalplus).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
fuzzed=$(realpath "${1:-$here/bench/out/humaneval-fuzz.jsonl}")
venv=${2:-${EVALPLUS_VENV:-$here/bench/.venv-evalplus}}
if [ ! -x "$venv/bin/evalplus.evaluate" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q evalplus
fi
work=$(mktemp -d)
# Samples = the canonical solutions (prompt + canonical_solution) of the fuzzed file.
python3 - "$fuzzed" "$work/samples.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        r = json.loads(line)
        out.write(json.dumps({"task_id": r["task_id"], "solution": r["prompt"] + r["canonical_solution"]}) + "\n")
PY
# evalplus reads a local dataset file through HUMANEVAL_OVERRIDE_PATH (evalplus/data/humaneval.py)
# and caches ground truth by the file's md5 under ~/.cache/evalplus: use a private cache.
export HUMANEVAL_OVERRIDE_PATH="$fuzzed"
export XDG_CACHE_HOME="$work/cache"
(cd "$work" && "$venv/bin/evalplus.evaluate" --dataset humaneval --samples "$work/samples.jsonl" --parallel "${PARALLEL:-2}") | tee "$work/log.txt"
python3 - "$work/samples_eval_results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = [(t, v[0]["base_status"], v[0]["plus_status"]) for t, v in r["eval"].items() if v[0]["base_status"] != "pass" or v[0]["plus_status"] != "pass"]
print(f"evalplus: {len(r['eval'])} tasks, {len(r['eval']) - len(bad)} pass base+plus; failing: {bad}")
PY
