// Controller: one reconcile loop of the controller-manager. Each controller
// lives in its own folder, reads shared informers, writes through ApiClient,
// and is registered in registry.cc under upstream's name ("replicaset",
// "deployment", "garbage-collector", ...), which `--controllers` selects.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "client/api_client.h"
#include "client/event_recorder.h"
#include "client/informer.h"

namespace kubepp::controllers {

struct ControllerManagerOptions {
  std::string cluster_cidr = "10.244.0.0/16";  // node IPAM carves podCIDRs from it
  int node_cidr_mask_size = 24;
  bool allocate_node_cidrs = true;
  std::string service_cluster_ip_range = "10.96.0.0/12";
  std::chrono::seconds node_monitor_grace_period{40};
  std::chrono::seconds node_monitor_period{5};
  int terminated_pod_gc_threshold = 12500;
  int concurrent_syncs = 5;  // workers per controller unless it says otherwise
  // PEM of the cluster CA that root-ca-cert-publisher writes to every
  // namespace's kube-root-ca.crt ConfigMap; "" publishes nothing.
  std::string root_ca_pem;
  // PEM private key that signs legacy service account tokens (upstream's
  // --service-account-private-key-file); "" leaves serviceaccount-token off.
  std::string service_account_private_key_pem;
};

// Everything a controller needs; owned by the manager, outlives controllers.
struct ControllerContext {
  client::ApiClient& client;
  client::InformerFactory& informers;
  Clock& clock;
  ControllerManagerOptions options;
  // An event recorder whose source component is `component` ("replicaset-controller").
  std::function<client::EventRecorder&(std::string_view component)> recorder;
};

class Controller {
 public:
  virtual ~Controller() = default;
  // Starts the controller's workers (after the informers it asked for have
  // synced) and returns.
  virtual void Start() = 0;
  // Stops the workers and waits for them; no writes happen after it returns.
  virtual void Stop() = 0;
};

struct ControllerRegistration {
  std::string name;  // upstream's controller name: "replicaset", "deployment", ...
  bool enabled_by_default = true;
  // Called before the informer factory starts: asks for informers, adds
  // handlers and indexes, returns the controller (not started yet).
  std::function<std::unique_ptr<Controller>(ControllerContext& ctx)> create;
};

// Every controller kubepp has, in start order (registry.cc).
const std::vector<ControllerRegistration>& AllControllers();

}  // namespace kubepp::controllers
