#!/usr/bin/env bash
# Installs every Debian package kubepp needs to build, test and run. Idempotent; run as root.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libyaml-cpp-dev zlib1g-dev libzstd-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  # real peers and clients used by tests and benchmarks
  etcd-server etcd-client python3 python3-kubernetes
  openssl curl procps
  # the node: container runtime, CNI plugins, the images' contents, a private registry for pull tests
  containerd runc containernetworking-plugins busybox-static docker-registry apache2-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# kubectl comes from the machine's kubectl package (it ships kubectl.1.27 ... kubectl.1.33).
if ! command -v kubectl >/dev/null; then
  echo "setup: warning: kubectl is not installed; the integration tests that use it will fail" >&2
fi
# The official JavaScript client (npm), for tests/integration/test_js_client.py.
js_dir=$(cd "$(dirname "$0")/.." && pwd)/tests/integration/js
if [[ ! -d $js_dir/node_modules/@kubernetes/client-node ]]; then
  if command -v npm >/dev/null; then
    echo "setup: installing @kubernetes/client-node"
    npm install --prefix "$js_dir" --no-audit --no-fund --loglevel=error >/dev/null ||
      echo "setup: warning: npm could not install @kubernetes/client-node; the JavaScript client test will fail" >&2
  else
    echo "setup: warning: npm is not installed; the JavaScript client test will fail" >&2
  fi
fi
echo "setup: all packages present"
