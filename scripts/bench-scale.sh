#!/usr/bin/env bash
# newsidx at archive scale, measured through the release binary: build
# throughput, peak RSS, index size and segments, the time of a daily update
# against indexing the same articles alone, and the time of whole
# `newsidx search` processes, for N-times copies of the shared corpus
# (scripts/make-archive.py: new ids, dates spread over 20 years). The 1x
# build is also timed against tantivy's default build of the same file
# (examples/tantivy_default_build.rs) in the same run.
#
#   scripts/bench-scale.sh [TIMES...]        default: 1 10 45
#
# Environment: CORPUS (default ../shared/data/corpus/clickid.jsonl),
# WORK (default ${TMPDIR:-/tmp}/newsidx-scale; archives are kept there and
# reused, indexes are rebuilt), RUNS (search repetitions, default 5),
# MEMORY (--memory MIB for the builds, default newsidx's).
# A 45x archive is about 2 GB and its index about 2.7 GB: WORK needs 6 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/data/corpus/clickid.jsonl}
work=${WORK:-${TMPDIR:-/tmp}/newsidx-scale}
runs=${RUNS:-5}
[ -f "$corpus" ] || { echo "bench-scale: corpus $corpus not found" >&2; exit 2; }
times=("$@")
[ ${#times[@]} -gt 0 ] || times=(1 10 45)
mkdir -p "$work"
cargo build --release -q --bins --example tantivy_default_build
bin=$PWD/target/release/newsidx
memory=()
[ -n "${MEMORY:-}" ] && memory=(--memory "$MEMORY")
results=$work/results.jsonl
: >"$results"

# build LABEL INDEX ARCHIVE [FLAGS...]: one build, its report and peak RSS.
build() {
    local label=$1 index=$2 archive=$3; shift 3
    /usr/bin/time -f '%M %e' -o "$work/time.txt" \
        "$bin" build --quiet --json --index "$index" "${memory[@]}" "$@" "$archive" >"$work/report.json"
    python3 - "$label" "$work/report.json" "$work/time.txt" "$index" >>"$results" <<'PY'
import glob, json, os, sys
label, report, timing, index = sys.argv[1:]
r = json.load(open(report))
rss_kb, wall = open(timing).read().split()
gen = open(os.path.join(index, "CURRENT")).read().strip()
segments = len(glob.glob(os.path.join(index, gen, "*.store")))
print(json.dumps({"kind": "build", "label": label, "articles": r["articles_indexed"],
                  "read": r["articles_read"], "seconds": float(wall),
                  "peak_rss_mib": int(rss_kb) / 1024, "index_mib": r["index_bytes"] / 2**20,
                  "segments": segments, "index_articles": r["index_articles"]}))
PY
    tail -n 1 "$results"
}

# searches LABEL INDEX: median wall time of whole search processes.
searches() {
    python3 - "$1" "$bin" "$2" "$runs" >>"$results" <<'PY'
import json, statistics, subprocess, sys, time
label, binary, index, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
queries = {
    "plain": ["banjir"],
    "words": ["pasukan", "Korea", "Utara"],
    "phrase": ['"Joko Widodo"'],
    "entity filter": ["korupsi", "org:KPK"],
    "* facets timeline": ["*", "--facets", "--timeline", "month"],
}
out = {"kind": "search", "label": label}
for name, args in queries.items():
    cmd = [binary, "search", "--index", index, "--color", "never", *args]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm
    spent = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        spent.append(time.perf_counter() - t)
    out[name] = round(statistics.median(spent), 3)
print(json.dumps(out))
PY
    tail -n 1 "$results"
}

for n in "${times[@]}"; do
    if [ "$n" = 1 ]; then
        archive=$corpus
    else
        archive=$work/archive-${n}x.jsonl
        [ -s "$archive" ] || python3 scripts/make-archive.py --corpus "$corpus" --times "$n" --out "$archive"
    fi
    rm -rf "$work/index-${n}x"
    build "${n}x" "$work/index-${n}x" "$archive"
    if [ "$n" = 1 ]; then
        rm -rf "$work/tantivy-1x"
        /usr/bin/time -f '%M %e' -o "$work/time.txt" target/release/examples/tantivy_default_build \
            "$corpus" "$work/tantivy-1x" >"$work/tantivy.json"
        python3 - "$work/time.txt" >>"$results" <<'PY'
import json, sys
rss_kb, wall = open(sys.argv[1]).read().split()
print(json.dumps({"kind": "tantivy", "label": "1x", "seconds": float(wall), "peak_rss_mib": int(rss_kb) / 1024}))
PY
        tail -n 1 "$results"
        rm -rf "$work/tantivy-1x"
    fi
    # A day of news: new articles, 1% of the archive.
    day=$work/day-${n}x.jsonl
    python3 scripts/make-archive.py --corpus "$corpus" --times 1 --first-copy 1000 \
        --limit $((220 * n)) --out "$day"
    rm -rf "$work/day-alone"
    build "day ${n}x alone" "$work/day-alone" "$day"
    build "day ${n}x update" "$work/index-${n}x" "$day"
    rm -rf "$work/day-alone"
    searches "${n}x" "$work/index-${n}x"
done

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
builds = {r["label"]: r for r in rows if r["kind"] == "build"}
searches = {r["label"]: r for r in rows if r["kind"] == "search"}
tantivy = next((r for r in rows if r["kind"] == "tantivy"), None)
base = builds.get("1x")
print()
print("| archive | articles | build s | articles/s | vs 1x | peak RSS MiB | vs 1x | index MiB | segments | update s | alone s | update/alone | plain s | phrase s | entity s | `*` facets+timeline s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for label, b in builds.items():
    if label.startswith("day"):
        continue
    rate = b["articles"] / b["seconds"]
    rate_1x = base["articles"] / base["seconds"] if base else rate
    up, alone = builds.get(f"day {label} update"), builds.get(f"day {label} alone")
    s = searches.get(label, {})
    print(f"| {label} | {b['articles']:,} | {b['seconds']:.1f} | {rate:,.0f} | {rate / rate_1x:.2f} | "
          f"{b['peak_rss_mib']:.0f} | {b['peak_rss_mib'] / base['peak_rss_mib']:.2f} | {b['index_mib']:.0f} | {b['segments']} | "
          f"{up['seconds']:.1f} | {alone['seconds']:.1f} | {up['seconds'] / alone['seconds']:.2f} | "
          f"{s.get('plain', 0):.2f} | {s.get('phrase', 0):.2f} | {s.get('entity filter', 0):.2f} | {s.get('* facets timeline', 0):.2f} |")
if tantivy and base:
    print(f"\n1x build: newsidx {base['seconds']:.1f} s, tantivy's default {tantivy['seconds']:.1f} s: "
          f"{base['seconds'] / tantivy['seconds']:.2f}x")
PY
