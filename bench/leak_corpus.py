#!/usr/bin/env python3
"""Build a planted-leak corpus: real code from this machine (installed Python packages and
standard libraries, crates in the cargo registry, npm packages, the JDK's sources) with
HumanEval and MBPP problems planted in six ways, and the ground truth beside it.

Kinds of planting (each on its own set of problems):
  verbatim     prompt + canonical solution as published
  reformatted  the same program with other layout: 2-space indents, spaces around operators
               and after commas, other quote style, blank lines, trailing comments
  renamed      a variable and the function renamed by benchsmith's own perturb transforms
               (VarRenamerRN, then FuncRenameCamelCase; files given with --renamed)
  embedded     the verbatim program inside a real Python file, before a top-level statement
  js, java     HumanEval-X's JavaScript / Java solution, reformatted and with its declared
               names renamed

Output (in --out): corpus/part-0.jsonl (plain), corpus/part-1.jsonl.gz, corpus/part-2.jsonl.zst
(when the zstd tool exists, else .gz) and corpus/tree/ (source files), truth.jsonl, stats.json.
Nothing here is random: the same arguments give the same corpus.
"""
import argparse
import glob
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

EXCLUDE = re.compile(r"human_?eval|evalplus|mbpp|benchsmith", re.I)
EXTS = {".py": "py", ".rs": "rs", ".js": "js", ".java": "java"}


def h(s):
    return int(hashlib.sha256(s.encode()).hexdigest()[:12], 16)


def read_jsonl(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        return [json.loads(l) for l in f if l.strip()]


def walk_files(root):
    """Source files under root, in sorted order, lazily."""
    for dirpath, dirnames, names in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not EXCLUDE.search(d))
        for n in sorted(names):
            if os.path.splitext(n)[1] in EXTS:
                p = os.path.join(dirpath, n)
                try:
                    if 200 <= os.path.getsize(p) <= 200_000:
                        with open(p, encoding="utf-8") as f:
                            yield p, f.read()
                except (UnicodeDecodeError, OSError):
                    continue


def zip_files(z):
    with zipfile.ZipFile(z) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.filename.endswith(".java") and 200 <= info.file_size <= 200_000:
                try:
                    yield z + "!" + info.filename, zf.read(info).decode("utf-8")
                except UnicodeDecodeError:
                    continue


def background(limit_bytes, repeat=False):
    """Real source files up to limit_bytes: Python (installed interpreters' libraries), Rust
    (cargo registry), JavaScript (npm packages), Java (the JDK's sources), taken in turn."""
    sources = []
    pyenv = os.path.expanduser("~/.pyenv/versions")
    py_roots = sorted(os.path.join(pyenv, v, "lib") for v in os.listdir(pyenv)) if os.path.isdir(pyenv) else []
    py_roots += ["/usr/lib/python3/dist-packages", "/usr/lib/python3"]
    sources.append(f for r in py_roots if os.path.isdir(r) for f in walk_files(r))
    sources.append(walk_files(os.path.expanduser("~/.cargo/registry/src")))
    sources.append(walk_files("/usr/lib/node_modules"))
    zips = [z for z in sorted(glob.glob("/usr/lib/jvm/*/lib/src.zip")) if os.path.isfile(z)]
    sources.append(f for z in zips[:1] for f in zip_files(z))
    docs, total = [], 0
    # Python takes two turns in four: most training corpora are mostly Python for these checks.
    turns = [0, 1, 0, 2, 0, 3]
    live = set(range(len(sources)))
    k = 0
    while total < limit_bytes and live:
        i = turns[k % len(turns)]
        k += 1
        if i not in live:
            continue
        try:
            p, text = next(sources[i])
        except StopIteration:
            live.discard(i)
            continue
        docs.append((p, text))
        total += len(text.encode())
    # Not enough distinct code on the machine: copies of what there is (for size studies).
    base = len(docs)
    k = 0
    while repeat and base and total < limit_bytes:
        p, text = docs[k % base]
        docs.append(("%s#copy%d" % (p, k // base + 1), text))
        total += len(text.encode())
        k += 1
    return docs


def strip_doc(src):
    return re.sub(r'"""[\s\S]*?"""', "", src).split()


STRING = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""")


def respace(code, salt):
    """Spaces after commas and around operators, the other quote style: outside string
    literals, whose contents stay as they are."""
    out = []
    pos = 0
    q = '"' if salt % 2 else "'"
    for m in STRING.finditer(code):
        out.append(space_ops(code[pos:m.start()]))
        lit = m.group(0)
        body = lit[1:-1]
        if q not in body and "\\" not in body:
            lit = q + body + q
        out.append(lit)
        pos = m.end()
    out.append(space_ops(code[pos:]))
    return "".join(out)


def space_ops(seg):
    seg = re.sub(r",(?=\S)", ", ", seg)
    return re.sub(r"(?<=[\w)\]]) ?([=+\-*/<>]=?|==) ?(?=[\w(\[-])", r" \1 ", seg)


def reformat_py(src, salt):
    out = []
    for i, line in enumerate(src.split("\n")):
        stripped = line.lstrip(" ")
        indent = (len(line) - len(stripped)) // 2
        code = stripped
        if not code.startswith(("#", '"', "'", ">>>")) and '"""' not in code and "'''" not in code:
            code = respace(code, salt)
            if code.strip() and i % 3 == salt % 3 and not code.rstrip().endswith("\\"):
                code += "  # note"
        out.append(" " * indent + code)
        if i % 4 == 1 and line.strip():
            out.append("")
    return "\n".join(out)


def reformat_c(src, salt):
    out = []
    for i, line in enumerate(src.split("\n")):
        stripped = line.strip()
        if not stripped:
            continue
        depth = len(line) - len(line.lstrip())
        code = re.sub(r",(?=\S)", ", ", stripped)
        if i % 3 == salt % 3 and not code.startswith("//"):
            code += " // note"
        out.append("\t" * (depth // 4) + code)
        if i % 5 == 2:
            out.append("")
    return "\n".join(out)


JS_DECL = re.compile(r"\b(?:let|const|var)\s+([A-Za-z_]\w*)")
JAVA_DECL = re.compile(r"\b(?:int|long|double|boolean|String|char|float|List<[\w<>, ]+>|Map<[\w<>, ]+>|Set<[\w<>, ]+>|StringBuilder)\s+([a-z_]\w*)\s*[=;:,)]")


def rename_decls(src, pattern, salt):
    names = sorted(set(pattern.findall(src)))
    for k, n in enumerate(names):
        if len(n) < 2 and n not in "ijkxyn":
            continue
        src = re.sub(r"\b%s\b" % re.escape(n), "v%s_%d" % (n[:1], (salt + k) % 97), src)
    return src


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=float, default=200)
    ap.add_argument("--per-kind", type=int, default=40, help="problems planted per kind")
    ap.add_argument("--humaneval", required=True)
    ap.add_argument("--mbpp", required=True)
    ap.add_argument("--renamed", nargs="+", default=[], help="HumanEval-format files of renamed variants")
    ap.add_argument("--js", required=True, help="HumanEval-X JavaScript file")
    ap.add_argument("--java", required=True, help="HumanEval-X Java file")
    ap.add_argument("--repeat", action="store_true", help="repeat the real code to reach --size-mb")
    ap.add_argument("--single", action="store_true",
                    help="write one plain corpus/all.jsonl instead of the four mixed outputs")
    a = ap.parse_args()

    he = read_jsonl(a.humaneval)
    mbpp = read_jsonl(a.mbpp)
    programs = {}
    for p in he:
        programs[p["task_id"]] = p["prompt"] + p["canonical_solution"]
    for p in mbpp:
        programs["MBPP/%d" % p["task_id"]] = p["code"].replace("\r\n", "\n")
    renamed = {}
    for path in a.renamed:
        for r in read_jsonl(path):
            tid = r["task_id"]
            src = tid if "/" in tid else "MBPP/" + tid
            text = r["prompt"] + r["canonical_solution"]
            # Only programs that really differ from the original in their code (the MBPP
            # docstring benchsmith adds does not count).
            if src in programs and strip_doc(text) != strip_doc(programs[src]):
                renamed[src] = text
    translations = {}
    for lang, path in (("js", a.js), ("java", a.java)):
        for r in read_jsonl(path):
            n = r["task_id"].split("/")[1]
            translations[(lang, "HumanEval/" + n)] = r["prompt"] + r["canonical_solution"]

    # Problems per kind: disjoint, half HumanEval and half MBPP (translations: HumanEval only).
    he_ids = sorted((p["task_id"] for p in he), key=lambda t: h("he" + t))
    mb_ids = sorted(("MBPP/%d" % p["task_id"] for p in mbpp), key=lambda t: h("mb" + t))
    kinds = ["verbatim", "reformatted", "renamed", "embedded", "js", "java"]
    half = a.per_kind // 2
    plan = []
    hi = mi = 0
    for kind in kinds:
        if kind in ("js", "java"):
            take = [t for t in he_ids[hi:] if (kind, t) in translations][: a.per_kind]
            hi += len(take)
        else:
            pool_he = [t for t in he_ids[hi:] if kind != "renamed" or t in renamed][:half]
            hi = he_ids.index(pool_he[-1]) + 1
            pool_mb = [t for t in mb_ids[mi:] if kind != "renamed" or t in renamed][: a.per_kind - half]
            mi = mb_ids.index(pool_mb[-1]) + 1
            take = pool_he + pool_mb
        plan += [(kind, t) for t in take]

    bg = background(int(a.size_mb * 1e6), a.repeat)
    if sum(len(t) for _, t in bg) < 0.5 * a.size_mb * 1e6:
        sys.exit("not enough real code on this machine for a %.0f MB corpus" % a.size_mb)
    docs = []  # (id, path, text, truth or None)
    for k, (path, text) in enumerate(bg):
        docs.append(("bg-%06d" % k, path, text, None))
    truth = []
    for j, (kind, src) in enumerate(plan):
        salt = h(kind + src)
        if kind == "verbatim":
            text = programs[src]
        elif kind == "reformatted":
            text = reformat_py(programs[src], salt)
        elif kind == "renamed":
            text = renamed[src]
        elif kind == "embedded":
            hosts = [d for d in bg if d[0].endswith(".py")]
            host_path, host = hosts[salt % len(hosts)]
            lines = host.split("\n")
            # At a top-level statement of the host's second half (not inside one of its
            # docstrings or functions), else at its end.
            half = len(lines) // 2
            tops = [i for i in range(half, len(lines))
                    if re.match(r"(def |class |import |from |@)", lines[i])]
            cut = tops[0] if tops else len(lines)
            text = "\n".join(lines[:cut]) + "\n\n" + programs[src] + "\n\n" + "\n".join(lines[cut:])
        else:
            code = translations[(kind, src)]
            pattern = JS_DECL if kind == "js" else JAVA_DECL
            text = reformat_c(rename_decls(code, pattern, salt), salt)
        pid = "plant-%s-%s" % (kind, src.replace("/", "-"))
        ext = {"js": ".js", "java": ".java"}.get(kind, ".py")
        docs.append((pid, "planted/%s%s" % (pid, ext), text, (kind, src)))
        truth.append({"id": pid, "kind": kind, "source": src})

    # Deterministic interleaving, then four outputs.
    docs.sort(key=lambda d: h("order" + d[0]))
    os.makedirs(os.path.join(a.out, "corpus", "tree"), exist_ok=True)
    if a.single:
        with open(os.path.join(a.out, "corpus", "all.jsonl"), "w") as f:
            for did, path, text, _ in docs:
                f.write(json.dumps({"id": did, "path": path, "content": text}) + "\n")
        write_truth(a.out, truth, docs, kinds, 0)
        return
    have_zstd = shutil.which("zstd") is not None
    writers = [open(os.path.join(a.out, "corpus", "part-0.jsonl"), "w"),
               gzip.open(os.path.join(a.out, "corpus", "part-1.jsonl.gz"), "wt", compresslevel=1),
               open(os.path.join(a.out, "corpus", "part-2.jsonl"), "w")]
    tree = 0
    for i, (did, path, text, t) in enumerate(docs):
        slot = i % 4
        if slot == 3:
            ext = os.path.splitext(path)[1] or ".py"
            rel = os.path.join(a.out, "corpus", "tree", "%02d" % (i % 17), did + ext)
            os.makedirs(os.path.dirname(rel), exist_ok=True)
            with open(rel, "w") as f:
                f.write(text)
            tree += 1
            for rec in truth:
                if rec["id"] == did:
                    rec["file"] = rel
        else:
            writers[slot].write(json.dumps({"id": did, "path": path, "content": text}) + "\n")
    for w in writers:
        w.close()
    p2 = os.path.join(a.out, "corpus", "part-2.jsonl")
    if have_zstd:
        subprocess.run(["zstd", "-q", "-f", "--rm", p2, "-o", p2 + ".zst"], check=True)
    else:
        with open(p2, "rb") as f, gzip.open(p2 + ".gz", "wb") as g:
            shutil.copyfileobj(f, g)
        os.remove(p2)
    write_truth(a.out, truth, docs, kinds, tree)


def write_truth(out, truth, docs, kinds, tree):
    with open(os.path.join(out, "truth.jsonl"), "w") as f:
        for rec in truth:
            f.write(json.dumps(rec) + "\n")
    stats = {"documents": len(docs), "planted": len(truth), "bytes": sum(len(d[2].encode()) for d in docs),
             "files_in_tree": tree, "kinds": {k: sum(1 for r in truth if r["kind"] == k) for k in kinds}}
    with open(os.path.join(out, "stats.json"), "w") as f:
        json.dump(stats, f)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
