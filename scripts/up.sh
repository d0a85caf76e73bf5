#!/usr/bin/env bash
# A single-node kubepp cluster on a fresh machine: installs what is missing,
# builds, and runs `kubepp server` in the foreground (Ctrl-C stops it).
# Flags after the script name go to `kubepp server`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh kubepp
data_dir=/var/lib/kubepp
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --data-dir=*) data_dir=${args[i]#--data-dir=} ;;
    --data-dir) data_dir=${args[i + 1]:-$data_dir} ;;
  esac
done
echo "kubepp: starting; then: export KUBECONFIG=$data_dir/admin.kubeconfig && kubectl get ns"
exec build/kubepp server --data-dir "$data_dir" "$@"
