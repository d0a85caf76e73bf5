// The table of per-kind validators. Each API group's file registers its kinds
// (RegisterCoreKinds, RegisterAppsKinds, ...); validation.cc looks a kind up by
// "<group>/<Kind>" and runs ObjectMeta checks around the kind's own rules.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <string>

#include "api/validation/field_errors.h"
#include "api/validation/object_meta.h"

namespace kubepp::api::validation {

struct KindValidator {
  NameRule name_rule = NameRule::kDNSSubdomain;
  // Everything but metadata, on create and again on update.
  std::function<ErrorList(const boost::json::object& obj)> validate;
  // Extra rules on update only (immutable fields ...).
  std::function<ErrorList(const boost::json::object& obj, const boost::json::object& old)>
      validate_update;
  // Run validate_update before validate (upstream's order for ConfigMaps and Secrets).
  bool update_rules_first = false;
  // Kinds that validate metadata themselves (Pods) set these instead.
  std::function<ErrorList(const boost::json::object& obj, bool namespaced)> full_create;
  std::function<ErrorList(const boost::json::object& obj, const boost::json::object& old)>
      full_update;
};

using KindTable = std::map<std::string, KindValidator, std::less<>>;

void RegisterCoreKinds(KindTable& table);
void RegisterServiceKinds(KindTable& table);
void RegisterAppsKinds(KindTable& table);
void RegisterBatchKinds(KindTable& table);
void RegisterNetworkingKinds(KindTable& table);
void RegisterStorageKinds(KindTable& table);  // Node, PV, PVC, StorageClass, Endpoints, Event ...
void RegisterPolicyKinds(KindTable& table);   // RBAC, PDB, PriorityClass, Lease, HPA

// Spec checks over an object's "spec" are common enough to deserve a helper.
inline const boost::json::object* SpecOf(const boost::json::object& obj) {
  auto it = obj.find("spec");
  return it != obj.end() && it->value().is_object() ? &it->value().get_object() : nullptr;
}

}  // namespace kubepp::api::validation
