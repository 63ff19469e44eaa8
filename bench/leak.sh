#!/usr/bin/env bash
# Leakage: quality and speed of `benchsmith leak scan` on planted-leak corpora of real code
# (bench/leak_corpus.py: HumanEval and MBPP planted verbatim, reformatted, renamed by
# benchsmith's perturb transforms, embedded, and translated to JavaScript and Java), side by
# side with a Python n-gram scan and datasketch MinHash (bench/leak_baseline.py) on the same
# file, and `dedup` of HumanEval, MBPP(+), HumanEval Pro and MBPP Pro.
# Throughput is CPU time on one core (-j 1): MB of document text per CPU second; the median of
# RUNS runs. Peak RSS at 100 MB and 1 GB of corpus (the 1 GB corpus repeats the machine's code).
# Prints a Markdown section for BENCHMARKS.md.
# Usage: bench/leak.sh [RUNS] [QUALITY_MB]
set -euo pipefail
RUNS=${1:-3}
QMB=${2:-300}
source "$(dirname "$0")/lib.sh"
HE=$D/humaneval/HumanEval.jsonl.gz
MBPP=$D/mbpp/mbpp.jsonl
JS=$D/humaneval-x/js/humaneval_js.jsonl.gz
JAVA=$D/humaneval-x/java/humaneval_java.jsonl.gz

for n in he mbpp; do
  src=$HE; [ $n = mbpp ] && src=$MBPP
  $B perturb "$src" --transform VarRenamerRN --seeds 1 --out "$W/$n-var" -q >/dev/null
  $B perturb "$W/$n-var/VarRenamerRN/s0.jsonl" --transform FuncRenameCamelCase --seeds 1 --out "$W/$n-fn" -q >/dev/null
done
corpus() { # OUT MB [extra]
  python3 bench/leak_corpus.py --out "$1" --size-mb "$2" --humaneval $HE --mbpp $MBPP --js $JS --java $JAVA \
    --renamed "$W/he-fn/FuncRenameCamelCase/s0.jsonl" "$W/mbpp-fn/FuncRenameCamelCase/s0.jsonl" "${@:3}" >/dev/null
}
corpus "$W/q" "$QMB"
corpus "$W/s100" 100 --single
corpus "$W/s1000" 1000 --single --repeat
$B leak index $HE $MBPP $JS $JAVA --out "$W/ix" -q >/dev/null

# Quality on the mixed corpus (plain, .gz, .zst JSON Lines and a source tree), 2 threads.
$B leak scan "$W/q/corpus/part-0.jsonl" "$W/q/corpus/part-1.jsonl.gz" "$W/q/corpus/part-2.jsonl.zst" "$W/q/corpus/tree" \
  --index "$W/ix" --out "$W/q.jsonl" --format json > "$W/q-summary.json"
python3 bench/leak_score.py "$W/q/truth.jsonl" "$W/q.jsonl" > "$W/q-score.json"

# Speed, one core. Each run writes to a fresh output (nothing is resumed).
timed() { # NAME CMD...: appends "cpu_s rss_kb" per run to $W/NAME.times
  for r in $(seq "$RUNS"); do
    rm -rf "$W/t.jsonl" "$W/t.jsonl.parts"
    /usr/bin/time -f "%U %S %M" -o "$W/time" "${@:2}" >/dev/null
    awk '{print $1 + $2, $3}' "$W/time" >> "$W/$1.times"
  done
}
timed all100 $B leak scan "$W/s100/corpus/all.jsonl" --index "$W/ix" --out "$W/t.jsonl" -j 1
timed idnorm100 $B leak scan "$W/s100/corpus/all.jsonl" --index "$W/ix" --out "$W/t.jsonl" -j 1 --methods idnorm
timed all1000 $B leak scan "$W/s1000/corpus/all.jsonl" --index "$W/ix" --out "$W/t.jsonl" -j 1
for r in $(seq "$RUNS"); do
  python3 bench/leak_baseline.py ngram $HE $MBPP -- "$W/s100/corpus/all.jsonl" >> "$W/py-ngram.json"
  python3 bench/leak_baseline.py minhash "$W/s100/corpus/all.jsonl" >> "$W/py-minhash.json"
done
$B dedup $HE $MBPP $D/humaneval-pro/humaneval_pro.json $D/mbpp-pro/mbpp_pro.json --format json > "$W/dedup-j.json"
$B dedup $HE $D/mbppplus/MbppPlus.jsonl.gz $D/humaneval-pro/humaneval_pro.json $D/mbpp-pro/mbpp_pro.json \
  --measure containment --threshold 0.8 --format json > "$W/dedup-c.json"

python3 - "$W" "$RUNS" "$QMB" <<'PY'
import json, statistics, sys, os, platform, subprocess
w, runs, qmb = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def times(name):
    rows = [l.split() for l in open(f"{w}/{name}.times")]
    return statistics.median(float(r[0]) for r in rows), max(int(r[1]) for r in rows)
def text_bytes(path):
    return sum(len(json.loads(l)["content"].encode()) for l in open(path))
b100 = text_bytes(f"{w}/s100/corpus/all.jsonl")
b1000 = text_bytes(f"{w}/s1000/corpus/all.jsonl")
py = [json.loads(l) for l in open(f"{w}/py-ngram.json")]
mh = [json.loads(l) for l in open(f"{w}/py-minhash.json")]
py_rate = statistics.median(r["mb_per_s_per_core"] for r in py)
mh_rate = statistics.median(r["mb_per_s_per_core"] for r in mh)
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print(f"## Leakage scan (`bench/leak.sh {runs} {qmb}`)\n")
print(f"Machine: {cpu}, {os.cpu_count()} cores. Throughput = MB of document text per CPU second on one core (`-j 1`), median of {runs} runs; index: HumanEval + MBPP + HumanEval-X JavaScript and Java (exact, identifier-normalised and prose n-grams).\n")
print("| scan (same 100 MB JSON Lines file) | CPU s | MB/s per core | vs Python n-gram |")
print("|---|---|---|---|")
for name, label in (("idnorm100", "benchsmith `--methods idnorm`"), ("all100", "benchsmith, all three methods (default)")):
    t, _ = times(name)
    rate = b100 / 1e6 / t
    print(f"| {label} | {t:.2f} | {rate:.0f} | {rate / py_rate:.1f}x |")
print(f"| Python n-gram scan (identifiers normalised, 12-grams, dict) | {statistics.median(r['cpu_s'] for r in py):.2f} | {py_rate:.1f} | 1x |")
print(f"| datasketch MinHash, 128 permutations (signatures only) | {statistics.median(r['cpu_s'] for r in mh):.2f} | {mh_rate:.1f} | {mh_rate / py_rate:.2f}x |")
t1, rss1 = times("all100"); t2, rss2 = times("all1000")
print(f"\nMemory: peak RSS {rss1 / 1024:.0f} MB at {b100 / 1e6:.0f} MB of corpus, {rss2 / 1024:.0f} MB at {b1000 / 1e6:.0f} MB ({b1000 / 1e6 / t2:.0f} MB/s per core there).\n")
s = json.load(open(f"{w}/q-summary.json"))["summary"]
q = json.load(open(f"{w}/q-score.json"))
print(f"Quality on a {s['bytes'] / 1e6:.0f} MB planted corpus ({s['documents']} documents; plain, .gz and .zst JSON Lines and a source tree): "
      f"{q['flagged_documents']} documents flagged, {q['flagged_without_planting']} without a planting (precision {q['precision']:.3f}); "
      f"{s['common_ngrams']} indexed n-grams ignored as common (in more than {s['max_df']} documents).\n")
print("| planting | planted | found | recall | missed |")
print("|---|---|---|---|---|")
for k, v in q["kinds"].items():
    print(f"| {k} | {v['planted']} | {v['found']} | {v['recall']:.3f} | {', '.join(v['missed']) or '-'} |")
print("\nFlagged documents without a planting (real code that matches a problem):\n")
for u in q["unplanted"]:
    print(f"- `{u['doc']}`: {'; '.join(u['matched'])}")
for name, label in (("dedup-j", "Jaccard >= 0.5, HumanEval + MBPP + HumanEval Pro + MBPP Pro"), ("dedup-c", "containment >= 0.8, HumanEval + MBPP+ + HumanEval Pro + MBPP Pro")):
    d = json.load(open(f"{w}/{name}.json"))
    print(f"\n`dedup` ({label}): {d['problems']} problems, {d['clusters']} clusters ({d['cross_benchmark_clusters']} across benchmarks), {d['verified_pairs']} verified pairs of {d['candidate_pairs']} candidates.\n")
    print("| benchmarks | pairs |\n|---|---|")
    for k, v in d["pairs_by_benchmarks"].items():
        print(f"| {k} | {v} |")
PY
