// The ResourceQuota controller: keeps every quota's status.hard equal to
// spec.hard and status.used equal to what the namespace's objects use now
// (api/quota/usage.h — the same evaluation the apiserver's quota admission
// charges with), so usage that admission charged is given back when objects
// go away or pods finish.
//
// A quota is recounted when it changes, when a counted object of its
// namespace is added, changed or deleted, and at least every 5 minutes (the
// full resync). Pods, services, configmaps, secrets, claims,
// replicationcontrollers and quotas are read from informers; other
// count/<resource>.<group> names are listed from the API at sync time.
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::resourcequota {

inline constexpr std::chrono::minutes kResyncPeriod{5};

class ResourceQuotaController : public Controller {
 public:
  explicit ResourceQuotaController(ControllerContext& ctx);
  ~ResourceQuotaController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // Recounts the quota with key "ns/name".
  Status Sync(const std::string& key);
  client::WorkQueue& queue() { return *queue_; }

 private:
  void EnqueueNamespace(std::string_view ns);
  // The objects of group/resource in `ns`: from an informer when there is
  // one, else listed from the API.
  StatusOr<std::vector<client::ObjectPtr>> ObjectsIn(const std::string& group, const std::string& resource,
                                                     std::string_view ns);

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource quotas_resource_;
  client::Informer& quota_informer_;
  std::map<std::string, client::Informer*> counted_;  // by "resource" (core group)
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<KeyWorkers> workers_;
};

std::unique_ptr<Controller> NewResourceQuotaController(ControllerContext& ctx);

}  // namespace kubepp::controllers::resourcequota
