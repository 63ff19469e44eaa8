#!/usr/bin/env python3
"""Python baselines for the leak benchmark, timed in CPU seconds of this process:

  ngram    the usual Python decontamination scan: regex tokens, identifiers normalised
           (every name but keywords becomes ID), 12-gram tuples of the benchmark solutions
           in a dict, every 12-gram of every document looked up, per-problem coverage.
  minhash  datasketch MinHash (128 permutations) of every document's 5-token shingles, as
           BigCode's near-duplicate pipeline computes them (signatures only, no LSH query).

Reads JSON Lines corpora (plain; field `content`). Prints one JSON object with MB/s of CPU.
"""
import gzip
import json
import keyword
import re
import sys
import time

TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\S")
KEEP = set(keyword.kwlist) | {"len", "range", "print", "sorted", "int", "float", "bool"}
N = 12


def norm_tokens(text):
    return tuple(t if (t in KEEP or not (t[0].isalpha() or t[0] == "_")) else "ID" for t in TOKEN.findall(text))


def grams(tokens):
    return [tokens[i:i + N] for i in range(len(tokens) - N + 1)]


def docs(paths):
    for p in paths:
        op = gzip.open if p.endswith(".gz") else open
        with op(p, "rt") as f:
            for line in f:
                yield json.loads(line)["content"]


def ngram_scan(index_files, corpus):
    table = {}
    sizes = {}
    for path in index_files:
        op = gzip.open if path.endswith(".gz") else open
        with op(path, "rt") as f:
            for line in f:
                r = json.loads(line)
                code = r.get("code") or (r.get("prompt", "") + r.get("canonical_solution", ""))
                tid = str(r["task_id"])
                gs = set(grams(norm_tokens(code)))
                sizes[tid] = len(gs)
                for g in gs:
                    table.setdefault(g, []).append(tid)
    t0 = time.process_time()
    nbytes = flagged = 0
    for text in docs(corpus):
        nbytes += len(text.encode())
        hits = {}
        for g in set(grams(norm_tokens(text))):
            for tid in table.get(g, ()):
                hits[tid] = hits.get(tid, 0) + 1
        if any(sizes[t] and c / sizes[t] >= 0.7 for t, c in hits.items()):
            flagged += 1
    cpu = time.process_time() - t0
    return {"bytes": nbytes, "cpu_s": round(cpu, 3), "mb_per_s_per_core": round(nbytes / 1e6 / cpu, 2), "flagged": flagged}


def minhash_scan(corpus):
    from datasketch import MinHash

    t0 = time.process_time()
    nbytes = 0
    for text in docs(corpus):
        nbytes += len(text.encode())
        toks = [t.lower() for t in re.findall(r"[A-Za-z_0-9]+", text)]
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(toks[i:i + 5]).encode() for i in range(max(len(toks) - 4, 1))])
    cpu = time.process_time() - t0
    return {"bytes": nbytes, "cpu_s": round(cpu, 3), "mb_per_s_per_core": round(nbytes / 1e6 / cpu, 2)}


def main():
    what = sys.argv[1]
    if what == "ngram":
        sep = sys.argv.index("--")
        print(json.dumps(ngram_scan(sys.argv[2:sep], sys.argv[sep + 1:])))
    elif what == "minhash":
        print(json.dumps(minhash_scan(sys.argv[2:])))
    else:
        sys.exit("usage: leak_baseline.py ngram INDEX... -- CORPUS... | minhash CORPUS...")


if __name__ == "__main__":
    main()
