// kubepp: one binary, one subcommand per component.
#include <cstdio>
#include <string>
#include <vector>

#include "apiserver/version.h"
#include "cmd/allocator.h"
#include "cmd/commands.h"
#include "etcdapi/store_command.h"

namespace {
void Usage() {
  std::fputs(
      "kubepp: Kubernetes in C++\n"
      "usage: kubepp <command> [flags]\n"
      "commands:\n"
      "  server              the control plane: store, apiserver, controller-manager and scheduler\n"
      "  apiserver           the apiserver alone (with its embedded store)\n"
      "  controller-manager  the reconcile loops (ReplicaSet, Deployment, ...) against an apiserver\n"
      "  scheduler           assigns pending pods to nodes (kube-scheduler)\n"
      "  kubelet             the node agent: runs pods through containerd (CRI)\n"
      "  hollow-nodes        many fake kubelets (hollow nodes) for control-plane tests and benchmarks\n"
      "  store               the embedded store alone, serving the etcd v3 gRPC API\n"
      "  version             print the version\n"
      "Run 'kubepp <command> --help' for a command's flags.\n",
      stderr);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    Usage();
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "version" || command == "--version") {
    std::printf("kubepp %s\n", kubepp::apiserver::Version().git_version.c_str());
    return 0;
  }
  if (command == "server" || command == "apiserver") return kubepp::cmd::RunServer(command, args);
  if (command == "store") return kubepp::etcdapi::RunStoreServer(args);
  if (command == "scheduler") return kubepp::cmd::RunScheduler(args);
  if (command == "hollow-nodes") return kubepp::cmd::RunHollowNodes(args);
  if (command == "controller-manager") return kubepp::cmd::RunControllerManager(args);
  // Not listed in the usage: a tool for tests and debugging, not a cluster component.
  if (command == "containerd") return kubepp::cmd::RunContainerd(args);
  if (command == "kubelet") {
    // The agent's threads (pod workers, probes, informers, gRPC) mostly wait.
    kubepp::cmd::UseCompactAllocator(argv);
    return kubepp::cmd::RunKubelet(args);
  }
  if (command == "help" || command == "--help" || command == "-h") {
    Usage();
    return 0;
  }
  std::fprintf(stderr, "kubepp: unknown command \"%s\"\n", command.c_str());
  Usage();
  return 2;
}
