#!/usr/bin/env bash
# Runs each fuzz target (fuzz/fuzz_targets) for a bounded time with cargo-fuzz and libFuzzer.
#
#   scripts/fuzz.sh            every target, 60 seconds each
#   scripts/fuzz.sh 300        every target, 300 seconds each
#   scripts/fuzz.sh 30 detail  one target
#
# The first run installs cargo-fuzz and builds the targets (several minutes). On a stable
# toolchain the sanitizer flags are enabled with RUSTC_BOOTSTRAP=1. Inputs that crash a target
# land in fuzz/artifacts/<target>/; turn each into a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(list_page detail timestamp)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
fi
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi

# Seed the JSON targets with the real-shaped responses the tests use.
for target in list_page detail; do
    mkdir -p "fuzz/corpus/$target"
    cp tests/fixtures/*.json "fuzz/corpus/$target/"
done
mkdir -p fuzz/corpus/timestamp
printf '%s' '2026-11-30T12:00:00.000Z' >fuzz/corpus/timestamp/millis
printf '%s' '2026-11-30T12:00:00+0200' >fuzz/corpus/timestamp/offset
printf '%s' '2026-11-30 12:00:00' >fuzz/corpus/timestamp/naive

for target in "${targets[@]}"; do
    echo "== fuzz $target for ${seconds} s"
    cargo fuzz run "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -max_len=1048576 -print_final_stats=1
done
