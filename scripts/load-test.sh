#!/usr/bin/env bash
# Bounded load test of `newsidx serve` on this machine (loopback only):
# builds an index of the shared corpus once, starts the server on
# 127.0.0.1, runs examples/load_test.rs (CLIENTS clients for SECONDS s),
# exports every article as CSV, and reports the server's resident memory
# before, during and after. Not part of CI.
#
#   scripts/load-test.sh [CORPUS] [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${1:-../shared/data/corpus/clickid.jsonl}
clients=${2:-24}
seconds=${3:-20}
index=${LOAD_TEST_INDEX:-target/load-test-index}

cargo build --release --quiet
cargo build --release --quiet --example load_test
bin=target/release/newsidx

if [ ! -f "$index/CURRENT" ]; then
    echo "building $index from $corpus"
    "$bin" build --quiet --index "$index" "$corpus"
fi

out=$(mktemp)
"$bin" serve --index "$index" --addr 127.0.0.1:0 >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do
    grep -q 'http://' "$out" && break
    sleep 0.1
done
url=$(grep -o 'http://[^ ]*' "$out")
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$pid/status"; }

echo "server $url (pid $pid), RSS at start: $(rss)"
target/release/examples/load_test "$url" "$clients" 3 >/dev/null   # warm-up
echo "RSS after warm-up: $(rss)"
target/release/examples/load_test "$url" "$clients" "$seconds"
echo "RSS after the load: $(rss)"
rows=$(curl -s "${url}api/export.csv" | wc -l)
echo "export of every article: $((rows - 1)) rows; RSS after: $(rss)"
rows=$(curl -s "${url}api/export.jsonl" | wc -l)
echo "second export: $rows rows; RSS after: $(rss)"
kill -TERM "$pid"
wait "$pid" && echo "server stopped cleanly"
