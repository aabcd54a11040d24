#!/usr/bin/env python3
"""Known-item search through `newsidx search`, against tantivy's default
analyzer, in one run.

Each of N sampled articles' titles (its words joined with OR, as written)
is searched for; the article itself should come back in the top 10.
Two layouts of the same archive are measured:

- bodies: the articles without their titles, as plain-text archives and
  many exports come (newsidx then derives a display title from the body);
- full: the articles as given, titles included.

The baseline is tantivy's default analyzer (simple tokenizer, lower case)
with BM25 over the same fields, through the tantivy Python package
(`pip install tantivy`). Printed per layout and system: success@10 and
MRR@10.

    python3 eval/known_item.py --bin target/release/newsidx \\
        ../shared/data/corpus/clickid.jsonl [--sample 500 --seed 7 --work DIR]

The sample is a development sample: tune on one seed, report on another.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

WORD = re.compile(r"\w+(?:-\w+)*")


def words(title):
    return [w for w in WORD.findall(title)]


def newsidx_query(title):
    # Keywords AND/OR/NOT are upper case in the query language: write
    # those words in lower case, as a user typing a title would not mean them.
    ws = [w.lower() if w in ("AND", "OR", "NOT") else w for w in words(title)]
    return " OR ".join(ws)


def build(binary, index, path):
    if os.path.exists(os.path.join(index, "CURRENT")):
        return
    subprocess.run([binary, "build", "--quiet", "--index", index, path], check=True)


def newsidx_ranks(binary, index, sample):
    ranks = []
    for art in sample:
        out = subprocess.run(
            [binary, "search", "--index", index, "--ids", "--limit", "10",
             newsidx_query(art["title"])],
            capture_output=True, text=True)
        if out.returncode not in (0, 1):
            sys.exit(f"newsidx failed: {out.stderr}")
        ids = out.stdout.split()
        ranks.append(ids.index(art["id"]) + 1 if art["id"] in ids else None)
    return ranks


def tantivy_ranks(articles, sample, with_titles, work):
    import tantivy
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=False, tokenizer_name="default")
    sb.add_text_field("body", stored=False, tokenizer_name="default")
    schema = sb.build()
    path = os.path.join(work, "tantivy-" + ("full" if with_titles else "bodies"))
    os.makedirs(path, exist_ok=True)
    index = tantivy.Index(schema, path=path)
    writer = index.writer()
    for a in articles:
        doc = {"id": a["id"], "body": a.get("body") or ""}
        if with_titles:
            doc["title"] = a.get("title") or ""
        writer.add_document(tantivy.Document(**doc))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    fields = ["title", "body"] if with_titles else ["body"]
    ranks = []
    for art in sample:
        q = " ".join(w.lower() for w in words(art["title"]))
        query = index.parse_query(q, fields)
        top = searcher.search(query, 10).hits
        ids = [searcher.doc(addr)["id"][0] for _, addr in top]
        ranks.append(ids.index(art["id"]) + 1 if art["id"] in ids else None)
    return ranks


def report(label, ranks):
    n = len(ranks)
    s10 = sum(1 for r in ranks if r) / n
    mrr = sum(1 / r for r in ranks if r) / n
    print(f"{label:34} success@10 {s10:.3f}  MRR@10 {mrr:.3f}")
    return s10, mrr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/newsidx")
    ap.add_argument("--sample", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", default=None, help="folder for archives and indexes (kept)")
    ap.add_argument("--layouts", default="bodies,full")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--compare", action="store_true",
                    help="list the titles the two systems rank differently")
    ap.add_argument("archive")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="known-item-")
    os.makedirs(work, exist_ok=True)
    articles = [json.loads(l) for l in open(a.archive, encoding="utf-8")]
    articles = [x for x in articles if x.get("id") and (x.get("body") or "").strip()]
    candidates = [x for x in articles if len(words(x.get("title") or "")) >= 2]
    sample = random.Random(a.seed).sample(candidates, a.sample)
    print(f"{len(articles)} articles, {len(sample)} titles, seed {a.seed}, work {work}")
    for layout in a.layouts.split(","):
        path = os.path.join(work, f"{layout}.jsonl")
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as f:
                for x in articles:
                    y = dict(x)
                    if layout == "bodies":
                        y.pop("title", None)
                    f.write(json.dumps(y, ensure_ascii=False) + "\n")
        index = os.path.join(work, f"newsidx-{layout}")
        build(a.bin, index, path)
        print(f"-- {layout}")
        ours = newsidx_ranks(a.bin, index, sample)
        report("newsidx search", ours)
        if not a.no_baseline:
            base = tantivy_ranks(articles, sample, layout == "full", work)
            report("tantivy default analyzer", base)
            if a.compare:
                for art, r, b in zip(sample, ours, base):
                    if r != b:
                        print(f"  newsidx {r}  tantivy {b}  {art['title']}")


if __name__ == "__main__":
    main()
