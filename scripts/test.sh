#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs the unit tests
# (also under AddressSanitizer and UndefinedBehaviorSanitizer), the
# integration tests with the real clients, and each fuzzer for a bounded time.
#   FUZZ_SECONDS=N   seconds per fuzz target (default 20; 0 skips fuzzing)
#   SKIP_SANITIZE=1  skips the sanitizer build
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# Every build below (the fuzz build too) shares ccache objects between clones.
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
bash scripts/setup.sh

echo "== build"
bash scripts/build.sh

echo "== unit and integration tests"
(cd build && ctest --output-on-failure --timeout 900 -j1)

if [[ ${SKIP_SANITIZE:-0} != 1 ]]; then
  echo "== unit tests under ASan + UBSan"
  BUILD_DIR=build-asan CMAKE_ARGS="-DKUBEPP_SANITIZE=ON -DKUBEPP_BENCH=OFF" BUILD_TYPE=Debug \
    bash scripts/build.sh $(cd build && ctest -N -L unit | awk '/Test +#/ {print $3}')
  # Tests that start a server use the release binary (KUBEPP_BIN): only the tests are sanitized here.
  (cd build-asan && KUBEPP_BIN=$root/build/kubepp ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -L unit --timeout 900 -j1)
fi

if [[ ${FUZZ_SECONDS:-20} != 0 && -x tests/fuzz/run_fuzzers.sh ]]; then
  echo "== fuzzers"
  bash tests/fuzz/run_fuzzers.sh "${FUZZ_SECONDS:-20}"
fi
echo "== all tests passed"
