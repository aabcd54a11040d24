#!/usr/bin/env python3
"""Lists the 50 most frequent people, places and organisations of a query,
as `newsidx search QUERY --facets --facet-size 50 --json` gives them, one
TSV row per entry: query, kind, rank, count, name, aliases (joined by `|`).
With a judgement file (tests/fixtures/entities/judged/top50.tsv), prints
instead the entries judged junk and the must-merge pairs that are still two
entries, and their counts.

    python3 scripts/entity_top50.py BINARY INDEX [JUDGED.tsv]
"""
import json
import subprocess
import sys

QUERIES = ["*", "KPK", "gempa", "Papua", "pemilu", "banjir"]
KINDS = ["person", "place", "org"]


def top50(binary, index, query):
    out = subprocess.run(
        [binary, "search", query, "--index", index, "--facets", "--facet-size", "50",
         "--limit", "0", "--json"],
        check=False, capture_output=True, text=True).stdout
    facets = json.loads(out)["facets"]
    return {k: facets[k] for k in KINDS}


def main():
    binary, index = sys.argv[1], sys.argv[2]
    lists = {q: top50(binary, index, q) for q in QUERIES}
    if len(sys.argv) < 4:
        for q, by_kind in lists.items():
            for kind, entries in by_kind.items():
                for rank, e in enumerate(entries, 1):
                    print("\t".join([q, kind, str(rank), str(e["count"]), e["name"],
                                     "|".join(e.get("aliases", []))]))
        return
    junk, pairs = set(), []
    for line in open(sys.argv[3], encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        kind, name, verdict = line.rstrip("\n").split("\t")[:3]
        if verdict in ("junk", "junk-kind", "junk-left"):
            junk.add((kind, name))
        elif verdict.startswith(("alias-of:", "alias-left:")):
            pairs.append((kind, name, verdict.split(":", 1)[1]))
    junk_seen, unmerged = set(), set()
    for q, by_kind in lists.items():
        for kind, entries in by_kind.items():
            names = {e["name"] for e in entries}
            for e in entries:
                if (kind, e["name"]) in junk:
                    junk_seen.add((kind, e["name"]))
            for k, a, b in pairs:
                if k == kind and a in names and b in names:
                    unmerged.add((k, a, b))
    for kind, name in sorted(junk_seen):
        print(f"junk\t{kind}\t{name}")
    for k, a, b in sorted(unmerged):
        print(f"unmerged\t{k}\t{a}\t{b}")
    print(f"# {len(junk_seen)} junk entries, {len(unmerged)} unmerged pairs in the top 50 of {len(QUERIES)} queries")


if __name__ == "__main__":
    main()
