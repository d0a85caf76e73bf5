// `kubepp store`: the embedded store alone, served over the etcd v3 gRPC API
// until SIGINT or SIGTERM. Used to benchmark kubepp's store against etcd and
// to inspect a store with etcdctl.
#pragma once

#include <string>
#include <vector>

namespace kubepp::etcdapi {

// args are the flags after "kubepp store". Returns the process exit code.
int RunStoreServer(const std::vector<std::string>& args);

}  // namespace kubepp::etcdapi
