#!/usr/bin/env python3
"""Run `benchsmith leak scan` over many shards with PySpark, then merge.

Each Spark task runs the benchsmith binary on one shard (`--shard i/N`) in a scratch folder
of its own and returns the shard's part file and completion marker to the driver, which
writes them into OUT.parts/ and runs `benchsmith leak merge`: the one place findings are
decided, so the findings are byte-identical to a local `benchsmith leak scan` (whatever N).
Workers need the binary, the index, the corpus and the driver's working folder at the same
paths (a shared or copied filesystem; corpus paths are used as given, relative to that folder,
so that findings name files exactly as a local scan does); outputs travel through Spark, so
OUT needs to exist on the driver only.

    spark-submit scripts/spark/leak_scan.py --binary target/release/benchsmith \
        --index he.idx --out findings.jsonl --shards 64 corpus/*.jsonl.zst

Local mode (no cluster): `python3 scripts/spark/leak_scan.py --master local[2] ...`.
Finished shards are not scanned again when the job is re-run (their markers are kept).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def scan_shard(args, index):
    """The body of one Spark task: scan shard `index`, return its part and marker."""
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="bs-shard-") as tmp:
        out = os.path.join(tmp, "findings.jsonl")
        cmd = [args["binary"], "leak", "scan", "--index", args["index"], "--out", out,
               "--shard", "%d/%d" % (index, args["shards"]), "--format", "json", "-j", "1"]
        cmd += args["extra"] + args["corpus"]
        # Run from the driver's folder, so that corpus paths (shown in findings) are as given.
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=args["cwd"])
        if r.returncode != 0:
            raise RuntimeError("shard %d/%d failed (exit %d): %s" % (index, args["shards"], r.returncode, r.stderr.strip()))
        parts = Path(out + ".parts")
        files = sorted(p for p in parts.iterdir() if p.is_file())
        return [(p.name, p.read_bytes()) for p in files]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="the benchsmith binary (same path on every worker)")
    ap.add_argument("--index", required=True)
    ap.add_argument("--out", required=True, help="findings file (JSON Lines) on the driver")
    ap.add_argument("--shards", type=int, required=True)
    ap.add_argument("--master", default=None, help="Spark master (default: from spark-submit)")
    ap.add_argument("--scan-arg", action="append", default=[],
                    help="extra argument for `leak scan` (repeatable), e.g. --scan-arg=--text-field=text")
    ap.add_argument("--merge-arg", action="append", default=[], help="extra argument for `leak merge`")
    ap.add_argument("corpus", nargs="+")
    a = ap.parse_args()
    if a.shards < 1:
        sys.exit("--shards must be at least 1")

    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("benchsmith-leak-scan")
    if a.master:
        conf = conf.setMaster(a.master)
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("ERROR")
    parts_dir = a.out + ".parts"
    os.makedirs(parts_dir, exist_ok=True)
    done = {n for n in os.listdir(parts_dir) if n.endswith(".done")}
    todo = [i for i in range(a.shards)
            if "shard-%05d-of-%05d.jsonl.done" % (i, a.shards) not in done]
    job = {"binary": os.path.abspath(a.binary), "index": os.path.abspath(a.index), "shards": a.shards,
           "corpus": a.corpus, "cwd": os.getcwd(), "extra": a.scan_arg}
    try:
        if todo:
            results = (sc.parallelize(todo, len(todo))
                       .flatMap(lambda i: scan_shard(job, i))
                       .collect())
            # Parts first, markers last: a marker only ever stands beside its finished part.
            for name, data in sorted(results, key=lambda r: r[0].endswith(".done")):
                with open(os.path.join(parts_dir, name), "wb") as f:
                    f.write(data)
    finally:
        sc.stop()
    r = subprocess.run([a.binary, "leak", "merge", "--index", a.index, "--out", a.out, "--format", "json"]
                       + a.merge_arg, capture_output=True, text=True)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        sys.exit(r.returncode)
    summary = json.loads(r.stdout)
    summary["spark"] = {"shards": a.shards, "scanned": len(todo), "reused": a.shards - len(todo)}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
