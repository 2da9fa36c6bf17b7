#!/usr/bin/env bash
# Runs the benchmark suite and prints whole-process figures, for BENCHMARKS.md.
#
#   scripts/bench.sh            everything (about 15 minutes on 2 cores, after the build)
#   scripts/bench.sh process    only the whole-process figures (cache of 1,000,000 events)
#
# Set SYNC_BENCH_SKIP_BACKFILL=1 to skip the backfill timings (about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"

echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\))' || true
grep MemTotal /proc/meminfo || true
rustc --version

if [[ "$what" == all ]]; then
    echo "== cargo bench --bench export"
    cargo bench --bench export
    echo "== cargo bench --bench sync"
    cargo bench --bench sync
    echo "== cargo bench --bench ui"
    cargo bench --bench ui
fi

echo "== whole process: write, then load, a cache of 1,000,000 events"
bin="$(cargo bench --bench sync --no-run 2>&1 | grep -o 'target/release/deps/sync-[0-9a-f]*' | tail -n 1)"
if [[ -z "$bin" ]]; then
    echo "could not find the sync benchmark binary" >&2
    exit 1
fi
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$bin" --make-cache "$dir/cache.sqlite3" 1000000
if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v "$bin" --load-cache "$dir/cache.sqlite3" 2>&1 |
        grep -E 'loaded|Elapsed \(wall|Maximum resident|User time|System time'
else
    time "$bin" --load-cache "$dir/cache.sqlite3"
fi
