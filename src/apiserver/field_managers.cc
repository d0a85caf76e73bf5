#include "apiserver/field_managers.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "apiserver/resource_traits.h"

namespace kubepp::apiserver {

const api::managedfields::FieldManager* FieldManagerFor(const api::ResourceInfo& r, std::string_view subresource) {
  static std::mutex mu;
  // Keyed by the catalog entry (never moves) and the subresource; guarded by mu.
  static auto* managers =
      new std::map<std::pair<const api::ResourceInfo*, std::string>,
                   std::unique_ptr<api::managedfields::FieldManager>, std::less<>>();
  std::lock_guard lock(mu);
  auto key = std::make_pair(&r, std::string(subresource));
  auto it = managers->find(key);
  if (it == managers->end()) {
    it = managers
             ->emplace(key, api::managedfields::FieldManager::Create(r.group, r.version, r.kind, subresource,
                                                                     HasStatusSubresource(r)))
             .first;
  }
  return it->second.get();
}

}  // namespace kubepp::apiserver
