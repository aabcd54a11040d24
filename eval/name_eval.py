#!/usr/bin/env python3
"""Name queries through `newsidx search`, as a user types them.

For each name of a list (eval/names-dev.tsv by default) it runs the
Title Case and the lower-case query with `newsidx search --ids` on an
index of a JSON Lines archive and compares the hits with the archive's
text:

- precision: share of the hits whose title or body contains the name at
  all (any case, as a whole word);
- recall: share of the articles that write the name capitalised that are
  hits;
- agreement: overlap (Jaccard) of the Title Case and lower-case hits.

    python3 eval/name_eval.py --bin target/release/newsidx --index IDX \\
        ../shared/data/corpus/clickid.jsonl [--names eval/names-dev.tsv]
"""
import argparse
import json
import re
import subprocess
import sys


def hits(binary, index, query):
    out = subprocess.run([binary, "search", "--index", index, "--ids", query],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"newsidx failed on {query!r}: {out.stderr}")
    return set(out.stdout.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/newsidx")
    ap.add_argument("--index", required=True)
    ap.add_argument("--names", default="eval/names-dev.tsv")
    ap.add_argument("archive")
    a = ap.parse_args()
    names = []
    for line in open(a.names, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        names.append(line.rstrip("\n").split("\t")[0])
    texts = {}
    for line in open(a.archive, encoding="utf-8"):
        d = json.loads(line)
        texts[d["id"]] = (d.get("title") or "") + "\n" + (d.get("body") or "")
    rows = []
    for name in names:
        word = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        anycase = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.I)
        capital = {i for i, t in texts.items() if word.search(t)}
        title = hits(a.bin, a.index, name)
        lower = hits(a.bin, a.index, name.lower())
        good = {i for i in title if anycase.search(texts.get(i, ""))}
        p = len(good) / len(title) if title else 1.0
        r = len(capital & title) / len(capital) if capital else 1.0
        union = title | lower
        agree = len(title & lower) / len(union) if union else 1.0
        never_lower = not any(re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", t)
                              for t in texts.values())
        rows.append((name, len(capital), len(title), len(lower), p, r, agree, never_lower))
        print(f"{name:28} capitalised {len(capital):5}  hits {len(title):5}  lower {len(lower):5}"
              f"  precision {p:.3f}  recall {r:.3f}  agree {agree:.3f}{'' if never_lower else '  (also lower case)'}")
    n = len(rows)
    print(f"\nnames {n}")
    print(f"precision mean {sum(r[4] for r in rows)/n:.4f}  min {min(r[4] for r in rows):.3f}")
    with_cap = [r for r in rows if r[1]]
    print(f"recall mean {sum(r[5] for r in with_cap)/len(with_cap):.4f}  min {min(r[5] for r in with_cap):.3f}")
    only = [r for r in rows if r[7]]
    if only:
        print(f"agreement (names never written in lower case, {len(only)}) mean "
              f"{sum(r[6] for r in only)/len(only):.4f}  min {min(r[6] for r in only):.3f}")


if __name__ == "__main__":
    main()
