#include "controllers/namespace/content_deleter.h"

#include <algorithm>
#include <set>

#include "api/resources/catalog.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

// How long to wait for objects held by finalizers (the garbage collector,
// other controllers), as upstream estimates it.
constexpr int64_t kFinalizerEstimateSeconds = 15;

std::string ResourceLabel(const client::Resource& r) { return r.resource + "." + r.group; }

}  // namespace

int ContentTotals::Remaining() const {
  int n = 0;
  for (const auto& [r, count] : remaining_by_resource) n += count;
  return n;
}

std::vector<client::Resource> DeletableNamespacedResources() {
  std::vector<client::Resource> out;
  std::set<std::pair<std::string, std::string>> seen_storage;
  for (const auto& info : api::Catalog::Get().resources()) {
    if (!info.namespaced || info.virtual_resource || !info.preferred_version) continue;
    if (!info.HasVerb("list") || !info.HasVerb("delete")) continue;
    std::string storage = info.storage_resource.empty() ? info.resource : info.storage_resource;
    if (!seen_storage.emplace(info.storage_group, storage).second) continue;
    out.push_back(client::Resource{info.group, info.version, info.resource, info.kind, true});
  }
  return out;
}

ContentTotals DeleteNamespaceContent(client::ApiClient& client, const std::vector<client::Resource>& resources,
                                     const std::string& ns) {
  ContentTotals totals;
  client::DeleteOptions background;
  background.propagation_policy = "Background";
  for (const auto& r : resources) {
    auto listed = client.List(r, ns, {});
    if (!listed.ok()) {
      totals.delete_errors.push_back(listed.status().message());
      continue;
    }
    if (listed->items.empty()) continue;
    std::string first_error;
    for (const auto& item : listed->items) {
      if (util::HasDeletionTimestamp(*item)) continue;  // already on its way
      auto deleted = client.Delete(r, ns, client::NameOf(*item), background);
      if (!deleted.ok() && !deleted.status().IsNotFound() && first_error.empty()) {
        first_error = deleted.status().message();
      }
    }
    if (!first_error.empty()) totals.delete_errors.push_back(first_error);

    auto left = client.List(r, ns, {});
    if (!left.ok()) {
      totals.delete_errors.push_back(left.status().message());
      continue;
    }
    if (left->items.empty()) continue;
    totals.remaining_by_resource[ResourceLabel(r)] = static_cast<int>(left->items.size());
    int64_t estimate = 0;
    for (const auto& item : left->items) {
      if (const auto* finalizers = util::ArrayAt(*item, {"metadata", "finalizers"})) {
        for (const auto& f : *finalizers) {
          if (f.is_string()) ++totals.remaining_by_finalizer[std::string(f.get_string())];
        }
        if (!finalizers->empty()) estimate = std::max(estimate, kFinalizerEstimateSeconds);
      }
      // A terminating pod goes when its grace period ends.
      estimate = std::max(estimate, util::IntAt(*item, {"metadata", "deletionGracePeriodSeconds"}, 0));
    }
    totals.estimate_seconds = std::max(totals.estimate_seconds, std::max<int64_t>(estimate, 1));
  }
  return totals;
}

}  // namespace kubepp::controllers
