#!/usr/bin/env python3
"""Writes an N-times archive from a JSON Lines corpus, for scale benchmarks.

    scripts/make-archive.py --times N --out FILE [--corpus JSONL] [--files K]
                            [--first-copy C] [--gzip]

Copy 0 is the corpus as it is. Copy k > 0 gives every article a new id
(`<id>~k`) and URL, and moves its date back k % 20 years (29 February
becomes the 28th), so a 45-times archive spans 2000-2019 like a real
archive spans years; texts are unchanged. The output is the same, byte for
byte, on every run. `--files K` spreads the articles over K files
(FILE-01.jsonl ...), round-robin by copy; `--first-copy C` starts at copy C,
which makes a later "day" of new articles; `--limit M` keeps only the first
M articles of each copy.

Standard library only; the corpus is read once per copy, line by line, so
memory stays small whatever N is.
"""

import argparse
import gzip
import json
import os
import sys

YEARS = 20


def shifted(date, years):
    """`YYYY-MM-DD...` moved back `years` years, or the date unchanged."""
    if not isinstance(date, str) or len(date) < 10 or not date[:4].isdigit():
        return date
    year = int(date[:4]) - years
    rest = date[4:]
    if rest.startswith("-02-29"):
        rest = "-02-28" + rest[6:]
    return f"{year:04d}{rest}"


def copy_of(article, k):
    if k == 0:
        return article
    a = dict(article)
    a["id"] = f"{article.get('id', '')}~{k}"
    if isinstance(a.get("url"), str):
        sep = "&" if "?" in a["url"] else "?"
        a["url"] = f"{a['url']}{sep}salinan={k}"
    if "date" in a:
        a["date"] = shifted(a["date"], k % YEARS)
    return a


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_corpus = os.path.join(here, "..", "..", "shared", "data", "corpus", "clickid.jsonl")
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--times", type=int, required=True, help="copies of the corpus")
    p.add_argument("--out", required=True, help="output file (or name stem with --files)")
    p.add_argument("--corpus", default=default_corpus, help="JSON Lines corpus to copy")
    p.add_argument("--files", type=int, default=1, help="number of output files")
    p.add_argument("--first-copy", type=int, default=0, help="number of the first copy")
    p.add_argument("--limit", type=int, default=0, help="articles taken from each copy (0 = all)")
    p.add_argument("--gzip", action="store_true", help="write gzip-compressed files")
    args = p.parse_args()
    if not os.path.isfile(args.corpus):
        sys.exit(f"make-archive: corpus {args.corpus} not found")
    opener = gzip.open if args.gzip else open
    ext = ".jsonl.gz" if args.gzip else ".jsonl"
    if args.files == 1:
        names = [args.out]
    else:
        stem = args.out[: -len(ext)] if args.out.endswith(ext) else args.out
        names = [f"{stem}-{i + 1:02d}{ext}" for i in range(args.files)]
    outs = [opener(n, "wt", encoding="utf-8", newline="\n") for n in names]
    written = 0
    for n, k in enumerate(range(args.first_copy, args.first_copy + args.times)):
        out = outs[n % len(outs)]
        with open(args.corpus, encoding="utf-8") as corpus:
            for i, line in enumerate(corpus):
                if args.limit and i >= args.limit:
                    break
                if not line.strip():
                    continue
                article = json.loads(line)
                out.write(json.dumps(copy_of(article, k), ensure_ascii=False))
                out.write("\n")
                written += 1
    for o in outs:
        o.close()
    print(f"make-archive: {written} articles in {len(names)} file(s)", file=sys.stderr)


if __name__ == "__main__":
    main()
