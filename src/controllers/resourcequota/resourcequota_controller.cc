#include "controllers/resourcequota/resourcequota_controller.h"

#include <set>

#include "api/quota/resource_list.h"
#include "api/quota/usage.h"
#include "api/resources/catalog.h"
#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"

namespace kubepp::controllers::resourcequota {

using client::ObjectPtr;
using namespace common;  // NOLINT

namespace {

// The core resources whose objects are watched for recounts.
constexpr const char* kCounted[] = {"pods", "services", "configmaps", "secrets", "persistentvolumeclaims",
                                    "replicationcontrollers", "resourcequotas"};

// The (group, resource) a hard name is counted from; nullopt for names of no known resource.
std::optional<std::pair<std::string, std::string>> SourceOf(const std::string& name) {
  using P = std::pair<std::string, std::string>;
  if (name.rfind("count/", 0) == 0) {
    std::string rest = name.substr(6);
    auto dot = rest.find('.');
    if (dot == std::string::npos) return P{"", rest};
    return P{rest.substr(dot + 1), rest.substr(0, dot)};
  }
  if (name == "pods" || name == "cpu" || name == "memory" || name == "ephemeral-storage" ||
      name.rfind("limits.", 0) == 0 || (name.rfind("requests.", 0) == 0 && name != "requests.storage")) {
    return P{"", "pods"};
  }
  if (name.rfind("services", 0) == 0) return P{"", "services"};
  if (name == "persistentvolumeclaims" || name == "requests.storage" ||
      name.find(".storageclass.storage.k8s.io/") != std::string::npos) {
    return P{"", "persistentvolumeclaims"};
  }
  if (name == "configmaps" || name == "secrets" || name == "replicationcontrollers" || name == "resourcequotas") {
    return P{"", name};
  }
  return std::nullopt;
}

}  // namespace

ResourceQuotaController::ResourceQuotaController(ControllerContext& ctx)
    : ctx_(ctx),
      quotas_resource_(client::Resource::Of("", "resourcequotas")),
      quota_informer_(ctx.informers.For(quotas_resource_)),
      queue_(client::WorkQueue::Create("resourcequota", ctx.clock)) {
  quota_informer_.AddEventHandler(client::EventHandler{
      [this](const ObjectPtr& q) { queue_->Add(client::KeyOf(*q)); },
      [this](const ObjectPtr& old_q, const ObjectPtr& new_q) {
        // Our own status writes come back here too; only spec changes need a recount.
        if (ValueAt(*old_q, {"spec"}) == nullptr || ValueAt(*new_q, {"spec"}) == nullptr ||
            *ValueAt(*old_q, {"spec"}) != *ValueAt(*new_q, {"spec"}) ||
            ValueAt(*new_q, {"status", "used"}) == nullptr) {
          queue_->Add(client::KeyOf(*new_q));
        }
      },
      nullptr});
  for (const char* resource : kCounted) {
    client::Informer& informer = ctx.informers.For(client::Resource::Of("", resource));
    counted_[resource] = &informer;
    if (std::string_view(resource) == "resourcequotas") continue;
    informer.AddEventHandler(client::EventHandler{
        [this](const ObjectPtr& o) { EnqueueNamespace(client::NamespaceOf(*o)); },
        [this](const ObjectPtr& old_o, const ObjectPtr& new_o) {
          if (client::ResourceVersionOf(*old_o) != client::ResourceVersionOf(*new_o)) {
            EnqueueNamespace(client::NamespaceOf(*new_o));
          }
        },
        [this](const ObjectPtr& o) { EnqueueNamespace(client::NamespaceOf(*o)); }});
  }
}

ResourceQuotaController::~ResourceQuotaController() { Stop(); }

void ResourceQuotaController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>("resourcequota", *queue_, [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void ResourceQuotaController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

void ResourceQuotaController::EnqueueNamespace(std::string_view ns) {
  for (const ObjectPtr& q : quota_informer_.ListNamespace(ns)) queue_->Add(client::KeyOf(*q));
}

StatusOr<std::vector<ObjectPtr>> ResourceQuotaController::ObjectsIn(const std::string& group,
                                                                  const std::string& resource, std::string_view ns) {
  if (group.empty()) {
    auto it = counted_.find(resource);
    if (it != counted_.end()) return it->second->ListNamespace(ns);
  }
  const api::ResourceInfo* info = api::Catalog::Get().FindPreferred(group, resource);
  if (info == nullptr || !info->namespaced || !info->HasVerb("list")) return std::vector<ObjectPtr>{};
  auto listed = ctx_.client.List(client::Resource::Of(group, resource), ns, {});
  if (!listed.ok()) return listed.status();
  return std::move(listed->items);
}

Status ResourceQuotaController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitKey(key);
  ObjectPtr quota = quota_informer_.Get(ns, name);
  if (quota == nullptr) return Status::Ok();
  api::quota::ResourceList hard = api::quota::ParseResourceList(ObjAt(*quota, {"spec", "hard"}));
  std::vector<std::string> names = api::quota::Names(hard);

  api::quota::ResourceList used;
  for (const auto& n : names) used[n] = api::Quantity::FromInt64(0, api::Quantity::Format::kDecimalSI);
  std::set<std::pair<std::string, std::string>> sources;
  for (const auto& n : names) {
    if (auto src = SourceOf(n)) sources.insert(*src);
  }
  for (const auto& [group, resource] : sources) {
    auto objects = ObjectsIn(group, resource, ns);
    if (!objects.ok()) return objects.status();
    for (const ObjectPtr& o : *objects) {
      if (!api::quota::MatchesScopes(*quota, group, resource, *o)) continue;
      used = api::quota::Add(used, api::quota::Mask(api::quota::UsageOf(group, resource, *o), names));
    }
  }

  api::quota::ResourceList old_hard = api::quota::ParseResourceList(ObjAt(*quota, {"status", "hard"}));
  api::quota::ResourceList old_used = api::quota::ParseResourceList(ObjAt(*quota, {"status", "used"}));
  const bool has_used = ObjAt(*quota, {"status", "used"}) != nullptr;
  if (!has_used || !api::quota::Equals(old_hard, hard) || !api::quota::Equals(old_used, used)) {
    boost::json::object next = *quota;
    boost::json::object& status = MutableObj(next, "status");
    status["hard"] = api::quota::ToJson(hard);
    status["used"] = api::quota::ToJson(used);
    auto written = ctx_.client.Update(quotas_resource_, ns, next, "status");
    if (!written.ok()) return written.status();
    VLOG(4) << "resourcequota " << key << " used " << api::quota::PrettyPrint(used);
  }
  queue_->AddAfter(key, kResyncPeriod);
  return Status::Ok();
}

std::unique_ptr<Controller> NewResourceQuotaController(ControllerContext& ctx) {
  return std::make_unique<ResourceQuotaController>(ctx);
}

}  // namespace kubepp::controllers::resourcequota
