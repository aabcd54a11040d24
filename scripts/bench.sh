#!/usr/bin/env bash
# Build throughput, peak memory, index size and search latency on the large
# shared corpus. Needs ../shared/data/corpus/clickid.jsonl beside the repo.
#
#   scripts/bench.sh [CORPUS_FILE_OR_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/corpus/clickid.jsonl}
[ -e "$corpus" ] || { echo "bench: $corpus not found" >&2; exit 2; }
cargo build --release --examples --bins -q
bin=target/release/newsidx
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_build() { # label, extra flags
    local label=$1; shift
    rm -rf "$work/index"
    /usr/bin/time -v "$bin" build --quiet --json --index "$work/index" "$@" "$corpus" \
        >"$work/report.json" 2>"$work/time.txt"
    python3 - "$label" "$work/report.json" "$work/time.txt" <<'PY'
import json, re, sys
label, rep, tim = sys.argv[1:]
r = json.load(open(rep)); t = open(tim).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = r["seconds"]
print(f"{label}: {r['articles_indexed']} indexed + {r['articles_bad']} bad = {r['articles_read']} read; "
      f"{wall:.1f} s, {r['articles_indexed']/wall:.0f} articles/s, {r['bytes']/1e6/wall:.1f} MB/s; "
      f"peak RSS {rss/1024:.0f} MiB; index {r['index_bytes']/2**20:.1f} MiB")
PY
}
run_build "build, no entities" --no-entities
run_build "build, with entities"
cargo run --release -q --example query_bench -- "$work/index" 40
