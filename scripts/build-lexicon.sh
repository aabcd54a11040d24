#!/usr/bin/env bash
# Rebuilds the stemmer's bundled lexicon files under data/lexicon/ from packages
# fetched with their ordinary clients:
#
#   data/lexicon/hunspell-id-roots.txt  roots of Debian's `hunspell-id` package
#                                       (id_ID.dic with its affix flags removed)
#   data/lexicon/wordfreq-id-zipf.tsv   Zipf frequency of those roots, read from
#                                       the `wordfreq` package on PyPI
#
# Usage: scripts/build-lexicon.sh   (needs apt-get, dpkg-deb, pip, python3, unzip)
#
# Both outputs are sorted byte-wise (LC_ALL=C) and lower-cased, which is the
# order the stemmer's fst builder expects. Re-run after upgrading either package
# and commit the result together with any change in the stemmer's measurements.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/data/lexicon"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export LC_ALL=C

mkdir -p "$out"

# --- Debian hunspell-id -----------------------------------------------------
(cd "$work" && apt-get download hunspell-id >/dev/null)
deb="$(ls "$work"/hunspell-id_*.deb)"
version="$(dpkg-deb -f "$deb" Version)"
dpkg-deb -x "$deb" "$work/deb"
dic="$work/deb/usr/share/hunspell/id_ID.dic"

{
  echo "# Indonesian root words from Debian's hunspell-id package, version $version"
  echo "# (file /usr/share/hunspell/id_ID.dic, affix flags removed, lower-cased,"
  echo "# a few derived headwords removed as scripts/build-lexicon.sh explains)."
  echo "# Licence: Debian's copyright file gives LGPL-3 for dictionaries/id/id_ID.*"
  echo "# (Copyright (C) 2017 Ali Ahmadi); the id_ID.aff header says the affix data"
  echo "# was released under the GPL (Benitius Brevoort, 2004, 2014). This file is"
  echo "# therefore distributed under the GPL/LGPL terms of its source, separately from"
  echo "# the code of this project, and may be replaced by any other root list."
  echo "# Rebuild: scripts/build-lexicon.sh"
  # Line 1 of a .dic file is the entry count. Entries such as "eka-" or "-isme"
  # are bound morphemes, not words, and are dropped.
  tail -n +2 "$dic" | tr -d '\r' | cut -d/ -f1 | sed 's/[[:space:]]*$//' \
    | tr '[:upper:]' '[:lower:]' \
    | grep -E '^[a-z]([a-z-]*[a-z])?$' \
    | sort -u > "$work/roots.txt"
  # Headwords that are derived words, not roots (the stemmer finds their roots
  # itself): the allomorphs bel- and pel- occur only with the root ajar
  # (belajar, pelajar), and the particle -pun written onto a conjunction of
  # four or more letters (meskipun, walaupun). A third rule, on -kan, needs
  # the frequencies and is applied below.
  awk 'NR == FNR { root[$0] = 1; next }
       /^(bel|pel)ajar$/ { next }
       /pun$/ { base = substr($0, 1, length($0) - 3)
                if (length(base) >= 4 && (base in root)) next }
       { print }' "$work/roots.txt" "$work/roots.txt"
} > "$out/hunspell-id-roots.txt"

# --- PyPI wordfreq ------------------------------------------------------------
pip download --quiet --no-deps --dest "$work/pypi" wordfreq==3.1.1 msgpack==1.1.0
(cd "$work/pypi" && unzip -q -o wordfreq-*.whl 'wordfreq/data/small_id.msgpack.gz')
pip install --quiet --no-deps --target "$work/py" "$work"/pypi/msgpack-*.whl

PYTHONPATH="$work/py" python3 - "$work/pypi/wordfreq/data/small_id.msgpack.gz" \
  "$out/hunspell-id-roots.txt" "$out/wordfreq-id-zipf.tsv" <<'PY'
import gzip, sys, msgpack

packed, roots_path, out_path = sys.argv[1:4]
# wordfreq's "cBpack" format: element 0 is a header, element i lists the words
# whose frequency is -i centibels, i.e. Zipf value 9 - i/100.
with gzip.open(packed, "rb") as f:
    buckets = msgpack.load(f, raw=False)
zipf = {}
for i, words in enumerate(buckets[1:], start=1):
    for w in words:
        zipf.setdefault(w, 9.0 - i / 100.0)
lines = open(roots_path, encoding="utf-8").read().splitlines()
header = [l for l in lines if l.startswith("#")]
roots = [l.strip() for l in lines if l.strip() and not l.startswith("#")]
# The verbal suffix -kan does not end roots: a headword "X" + "kan" whose X is
# itself a root and more frequent than the headword (belikan, biarkan,
# bicarakan) is a derived verb listed for spelling, and is dropped. Frequent
# words that only look like it stay (bahkan: "bah" is rarer).
known = set(roots)
def z10(w):
    return round(zipf[w] * 10) if w in zipf else 0
def derived_kan(w):
    base = w[:-3]
    return w.endswith("kan") and len(base) >= 3 and base in known and z10(base) > z10(w)
roots = [r for r in roots if not derived_kan(r)]
with open(roots_path, "w", encoding="utf-8") as out:
    out.write("\n".join(header + roots) + "\n")
with open(out_path, "w", encoding="utf-8") as out:
    out.write("# Zipf frequency x10 (0-90) of the roots in hunspell-id-roots.txt that occur in\n")
    out.write("# the Indonesian 'small' list of the wordfreq 3.1.1 package from PyPI\n")
    out.write("# (Robyn Speer et al.). Licence of the data: CC BY-SA 4.0, as stated in\n")
    out.write("# wordfreq's README. Used only to choose between two dictionary-confirmed\n")
    out.write("# readings of a word. Rebuild: scripts/build-lexicon.sh\n")
    for r in roots:
        z = zipf.get(r)
        if z is not None:
            out.write(f"{r}\t{round(z * 10)}\n")
PY

wc -l "$out/hunspell-id-roots.txt" "$out/wordfreq-id-zipf.tsv"
