// The subcommands of the kubepp binary; main.cc dispatches to them.
#pragma once

#include <string>
#include <vector>

namespace kubepp::cmd {

// server, apiserver
int RunServer(const std::string& command, const std::vector<std::string>& args);
// hollow-nodes: many fake kubelets for control-plane tests and benchmarks
int RunHollowNodes(const std::vector<std::string>& args);
// controller-manager
int RunControllerManager(const std::vector<std::string>& args);
// scheduler: kube-scheduler against a cluster's kubeconfig
int RunScheduler(const std::vector<std::string>& args);
// containerd: the supervised containerd alone, in the foreground (tests, debugging)
int RunContainerd(const std::vector<std::string>& args);
int RunKubelet(const std::vector<std::string>& args);

}  // namespace kubepp::cmd
