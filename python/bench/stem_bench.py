"""newsidx.stem_many against PySastrawi and PyStemmer (Snowball Indonesian),
in one run, on the same corpus words: words per second and exact-match
accuracy on the shared stemmer gold sets (one figure per set, never merged).

    pip install ./python PySastrawi PyStemmer
    python python/bench/stem_bench.py [--words 1000000] [--shared ../shared/data]

Every stemmer gets the same lower-cased words in the same order and keeps
its own defaults (PyStemmer and Sastrawi cache the words they have seen,
as newsidx does). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import newsidx

REPO = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def corpus_words(path: Path, n: int) -> list:
    words = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            text = f"{article.get('title', '')} {article.get('body', '')}"
            words.extend(w.lower() for w in WORD.findall(text))
            if len(words) >= n:
                break
    if len(words) < n:
        sys.exit(f"{path} has only {len(words)} words")
    return words[:n]


def gold_sets(folder: Path) -> dict:
    sets = {}
    for tsv in sorted(folder.glob("*.tsv")):
        pairs = []
        for line in tsv.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                word, root = line.split("\t")[:2]
                pairs.append((word.strip(), root.strip()))
        sets[tsv.stem] = pairs
    return sets


def stemmers():
    """name -> function from a list of words to a list of roots."""
    found = {"newsidx.stem_many": newsidx.stem_many}
    try:
        import Stemmer

        snowball = Stemmer.Stemmer("indonesian")
        found["PyStemmer (Snowball)"] = snowball.stemWords
    except ImportError:
        print("PyStemmer not installed: pip install PyStemmer", file=sys.stderr)
    try:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        sastrawi = StemmerFactory().create_stemmer()
        found["PySastrawi"] = lambda words: [sastrawi.stem(w) for w in words]
    except ImportError:
        print("PySastrawi not installed: pip install PySastrawi", file=sys.stderr)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = ap.parse_args()

    corpus = args.shared / "corpus" / "clickid.jsonl"
    words = corpus_words(corpus, args.words)
    sets = gold_sets(args.shared / "stemmer")
    print(f"{len(words):,} words ({len(set(words)):,} distinct) from {corpus.name}")
    print(f"newsidx {newsidx.__version__}, Python {sys.version.split()[0]}\n")

    header = f"{'stemmer':<22} {'words/s':>12} {'seconds':>8}  " + "  ".join(f"{s:>22}" for s in sets)
    print(header)
    print("-" * len(header))
    speeds = {}
    for name, stem in stemmers().items():
        started = time.perf_counter()
        roots = stem(words)
        seconds = time.perf_counter() - started
        assert len(roots) == len(words)
        speeds[name] = len(words) / seconds
        accuracy = []
        for pairs in sets.values():
            got = stem([w for w, _ in pairs])
            accuracy.append(sum(g == r for g, (_, r) in zip(got, pairs)) / len(pairs))
        cells = "  ".join(f"{a:>22.3f}" for a in accuracy)
        print(f"{name:<22} {speeds[name]:>12,.0f} {seconds:>8.2f}  {cells}")

    if "PyStemmer (Snowball)" in speeds:
        ratio = speeds["newsidx.stem_many"] / speeds["PyStemmer (Snowball)"]
        print(f"\nnewsidx.stem_many is {ratio:.2f}x PyStemmer's speed")


if __name__ == "__main__":
    main()
