#!/bin/sh
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for N
# seconds (first argument, default 30), seeded from tests/fuzz/corpus/<target>/.
# New corpus entries go to build-fuzz/corpus/<target>/ (the seeds in the
# repository are not modified); crashes go to build-fuzz/artifacts/.
# Exits non-zero if any target fails to build or finds a crash, leak or timeout.
#
#   tests/fuzz/run_fuzzers.sh            # every target, 30 s each
#   tests/fuzz/run_fuzzers.sh 300 quantity_fuzz label_selector_fuzz
set -u

seconds=${1:-30}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"
fuzz_dir="$root/tests/fuzz"
jobs=${FUZZ_BUILD_JOBS:-2}

case "$seconds" in
  ''|*[!0-9]*) echo "usage: $0 [seconds] [target...]" >&2; exit 2 ;;
esac

if [ $# -gt 0 ]; then
  targets="$*"
else
  targets=$(for f in "$fuzz_dir"/*_fuzz.cc; do basename "$f" .cc; done)
fi

CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S "$root" -B "$build" -G Ninja \
  -DKUBEPP_FUZZ=ON -DKUBEPP_TESTS=ON -DKUBEPP_BENCH=OFF >/dev/null || {
  echo "run_fuzzers: cmake configure failed" >&2
  exit 1
}
# shellcheck disable=SC2086
ninja -C "$build" -j"$jobs" $targets || {
  echo "run_fuzzers: build failed" >&2
  exit 1
}

failed=""
for t in $targets; do
  work="$build/corpus/$t"
  artifacts="$build/artifacts"
  mkdir -p "$work" "$artifacts"
  seeds="$fuzz_dir/corpus/$t"
  [ -d "$seeds" ] || seeds=""
  dict=""
  [ -f "$fuzz_dir/$t.dict" ] && dict="-dict=$fuzz_dir/$t.dict"
  echo "== $t: ${seconds}s"
  # shellcheck disable=SC2086
  "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$t-" $dict "$work" $seeds \
    >"$build/$t.log" 2>&1
  rc=$?
  tail -n 12 "$build/$t.log"
  if [ $rc -ne 0 ]; then
    echo "!! $t failed (exit $rc); log: $build/$t.log" >&2
    failed="$failed $t"
  fi
done

if [ -n "$failed" ]; then
  echo "run_fuzzers: FAILED:$failed" >&2
  exit 1
fi
echo "run_fuzzers: all targets ran ${seconds}s without a crash"
