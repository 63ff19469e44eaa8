#!/usr/bin/env python3
"""Score leak findings against a planted corpus's truth (from bench/leak_corpus.py).

A planting is found when the findings hold its document with its source problem. Recall is
per kind of planting; precision is over flagged documents: a flagged document without any
planting counts against it, and every such document is listed (with what it matched).
Prints one JSON object."""
import json
import os
import sys


def doc_key(d):
    # Source files are reported by path: the planted ones are named after their id.
    base = os.path.basename(d)
    return os.path.splitext(base)[0] if "/" in d else d


def main(truth_path, findings_path):
    truth = {}
    with open(truth_path) as f:
        for l in f:
            r = json.loads(l)
            truth[r["id"]] = r
    found = {}
    with open(findings_path) as f:
        for l in f:
            x = json.loads(l)
            found.setdefault(doc_key(x["doc"]), []).append(x)
    kinds = {}
    for pid, r in truth.items():
        k = kinds.setdefault(r["kind"], {"planted": 0, "found": 0, "missed": []})
        k["planted"] += 1
        if any(x["source"] == r["source"] for x in found.get(pid, [])):
            k["found"] += 1
        else:
            k["missed"].append(r["source"])
    for k in kinds.values():
        k["recall"] = round(k["found"] / k["planted"], 4)
    unplanted = sorted(d for d in found if d not in truth)
    out = {
        "kinds": kinds,
        "flagged_documents": len(found),
        "flagged_without_planting": len(unplanted),
        "precision": round(1 - len(unplanted) / len(found), 4) if found else None,
        "unplanted": [{"doc": d, "matched": sorted({"%s %s %s %.2f" % (x["source"], x["field"], x["method"], x["coverage"]) for x in found[d]})}
                      for d in unplanted],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
