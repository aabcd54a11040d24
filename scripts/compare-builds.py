#!/usr/bin/env python3
"""Build time of two newsidx binaries on the same archive, compared in pairs.

    scripts/compare-builds.py [--pairs N] [--corpus FILE] BIN_A BIN_B [-- BUILD_ARGS...]

A shared machine's speed drifts by several per cent within a minute, more
than most changes are worth. So each pair builds with both binaries one
after the other (A then B, then B then A in the next pair, so that neither
always runs first) and the figure is the ratio within the pair; the median
and the quartiles of those ratios are what to report. Each build starts
from an empty index folder. Wall time and processor time (user + system,
all threads) are both given: below 1.0, B is faster.

Example, today's tree against a commit:

    git worktree add /tmp/base 094b8e9
    (cd /tmp/base && cargo build --release --bin newsidx)
    cargo build --release --bin newsidx
    scripts/compare-builds.py --pairs 30 /tmp/base/target/release/newsidx target/release/newsidx
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def build(binary, corpus, index, extra):
    shutil.rmtree(index, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [binary, "build", "--quiet", "--index", index, *extra, corpus],
        stdout=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        sys.exit(f"compare-builds: {binary} build failed (exit {done.returncode})")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_corpus = os.path.join(here, "..", "..", "shared", "data", "corpus", "clickid.jsonl")
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", type=int, default=20)
    p.add_argument("--corpus", default=os.environ.get("CORPUS", default_corpus))
    p.add_argument("a", help="binary A (the reference)")
    p.add_argument("b", help="binary B (the candidate)")
    p.add_argument("extra", nargs="*", help="more arguments for `newsidx build`, after --")
    args = p.parse_args()
    if not os.path.exists(args.corpus):
        sys.exit(f"compare-builds: corpus {args.corpus} not found")
    if args.pairs < 2:
        sys.exit("compare-builds: --pairs must be 2 or more")
    for binary in (args.a, args.b):
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            sys.exit(f"compare-builds: {binary} is not an executable file")

    work = tempfile.mkdtemp(prefix="newsidx-compare-")
    index = os.path.join(work, "index")
    walls, cpus, a_walls, b_walls = [], [], [], []
    try:
        for i in range(args.pairs):
            if i % 2 == 0:
                a = build(args.a, args.corpus, index, args.extra)
                b = build(args.b, args.corpus, index, args.extra)
            else:
                b = build(args.b, args.corpus, index, args.extra)
                a = build(args.a, args.corpus, index, args.extra)
            walls.append(b[0] / a[0])
            cpus.append(b[1] / a[1])
            a_walls.append(a[0])
            b_walls.append(b[0])
            print(
                f"pair {i + 1:2}: A {a[0]:.2f} s, B {b[0]:.2f} s, "
                f"B/A wall {walls[-1]:.3f}, processor {cpus[-1]:.3f}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    q1, _, q3 = statistics.quantiles(walls, n=4)
    c1, _, c3 = statistics.quantiles(cpus, n=4)
    print(
        f"{args.pairs} pairs, B/A: wall median {statistics.median(walls):.3f} "
        f"(quartiles {q1:.3f}-{q3:.3f}), processor median {statistics.median(cpus):.3f} "
        f"(quartiles {c1:.3f}-{c3:.3f}); median build A {statistics.median(a_walls):.2f} s, "
        f"B {statistics.median(b_walls):.2f} s"
    )


if __name__ == "__main__":
    main()
