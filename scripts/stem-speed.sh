#!/usr/bin/env bash
# Compares the stemmer's speed with Snowball's Indonesian stemmer in C
# (PyStemmer, from PyPI) on the same words, in one run:
#   scripts/stem-speed.sh [CORPUS.jsonl] [N_WORDS]
# The words are the first N_WORDS (default 1,000,000) word tokens of the
# articles' bodies, lower-cased. Needs python3 with PyStemmer installed.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
default="$here/../shared/data/corpus/clickid.jsonl"
[ -e "$default" ] || default="$here/../../shared/data/corpus/clickid.jsonl"
corpus="${1:-$default}"
if [ ! -e "$corpus" ]; then
  echo "stem-speed: corpus not found ($corpus); pass its path" >&2
  exit 2
fi
n="${2:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$corpus" "$n" "$work/words.txt" <<'PY'
import json, re, sys
corpus, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
words = []
with open(corpus, encoding="utf-8") as f:
    for line in f:
        body = json.loads(line).get("body", "")
        words += [w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", body)]
        if len(words) >= n:
            break
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(words[:n]) + "\n")
PY

(cd "$here" && cargo build --quiet --release --example stem_eval --bin newsidx)
"$here/target/release/examples/stem_eval" --speed "$work/words.txt"
# The command itself, reading the words on stdin and writing one root per
# line: process start, lexicon load and I/O included.
start=$(date +%s.%N)
"$here/target/release/newsidx" stem <"$work/words.txt" >"$work/roots.txt"
end=$(date +%s.%N)
python3 -c "import sys; n=int(sys.argv[1]); t=float(sys.argv[3])-float(sys.argv[2]); print(f'newsidx stem (command, stdin to stdout): {n} words in {t:.3f}s = {n/t/1e6:.2f} M words/s')" \
    "$(wc -l <"$work/roots.txt")" "$start" "$end"
python3 - "$work/words.txt" <<'PY'
import sys, time
import Stemmer
words = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
s = Stemmer.Stemmer("indonesian")
s.maxCacheSize = 0  # no cache, like the Rust side
best = min(
    (lambda t: (s.stemWords(words), time.perf_counter() - t)[1])(time.perf_counter())
    for _ in range(6)
)
print(f"PyStemmer (Snowball C): {len(words)} words in {best:.3f}s = {len(words) / best / 1e6:.2f} M words/s")
PY
