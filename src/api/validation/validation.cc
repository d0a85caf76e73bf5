// Entry points: look the kind up, run ObjectMeta and the kind's rules, and
// turn the errors into upstream's Invalid status.
#include "api/validation/validation.h"

#include <exception>
#include <set>

#include "api/validation/field_errors.h"
#include "api/validation/json_access.h"
#include "api/validation/kinds.h"
#include "api/validation/object_meta.h"
#include "base/go_quote.h"

namespace kubepp::api {
namespace {

using validation::ErrorList;
using validation::FieldPath;
using validation::KindTable;
using validation::KindValidator;

const KindTable& Table() {
  static const KindTable* table = [] {
    auto* t = new KindTable;
    validation::RegisterCoreKinds(*t);
    validation::RegisterServiceKinds(*t);
    validation::RegisterAppsKinds(*t);
    validation::RegisterBatchKinds(*t);
    validation::RegisterNetworkingKinds(*t);
    validation::RegisterStorageKinds(*t);
    validation::RegisterPolicyKinds(*t);
    return t;
  }();
  return *table;
}

const KindValidator& Lookup(const ResourceInfo& r) {
  static const KindValidator kDefault;
  auto it = Table().find(r.group + "/" + r.kind);
  return it == Table().end() ? kDefault : it->second;
}

// Validators do not throw by design; this keeps a stray Boost.JSON or std
// exception from crossing the interface as anything but an internal error.
template <typename Fn>
std::vector<FieldError> Guarded(Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return {validation::Internal(FieldPath(""), std::string("validation failed: ") + e.what())};
  }
}

std::vector<FieldError> CreateImpl(const ResourceInfo& resource, const boost::json::object& obj) {
  const KindValidator& v = Lookup(resource);
  if (v.full_create) return v.full_create(obj, resource.namespaced);
  ErrorList errs = validation::ValidateObjectMeta(
      validation::Obj(&obj, "metadata"), resource.namespaced, v.name_rule, FieldPath("metadata"));
  if (v.validate) validation::Append(errs, v.validate(obj));
  return errs;
}

std::vector<FieldError> UpdateImpl(const ResourceInfo& resource, const boost::json::object& obj,
                                   const boost::json::object& old) {
  const KindValidator& v = Lookup(resource);
  if (v.full_update) return v.full_update(obj, old);
  ErrorList errs = validation::ValidateObjectMetaUpdate(
      validation::Obj(&obj, "metadata"), validation::Obj(&old, "metadata"), FieldPath("metadata"));
  if (v.update_rules_first && v.validate_update)
    validation::Append(errs, v.validate_update(obj, old));
  if (v.validate) validation::Append(errs, v.validate(obj));
  if (!v.update_rules_first && v.validate_update)
    validation::Append(errs, v.validate_update(obj, old));
  return errs;
}

}  // namespace

std::vector<FieldError> ValidateCreate(const ResourceInfo& resource,
                                       const boost::json::object& obj) {
  return Guarded([&] { return CreateImpl(resource, obj); });
}

std::vector<FieldError> ValidateUpdate(const ResourceInfo& resource, const boost::json::object& obj,
                                       const boost::json::object& old) {
  return Guarded([&] { return UpdateImpl(resource, obj, old); });
}

Status InvalidStatus(const ResourceInfo& resource, const std::string& name,
                     const std::vector<FieldError>& errors) {
  std::string qualified =
      resource.group.empty() ? resource.kind : resource.kind + "." + resource.group;
  std::vector<StatusCause> causes;
  std::vector<std::string> messages;
  std::set<std::string> seen;
  for (const auto& e : errors) {
    causes.push_back(StatusCause{e.type, validation::ErrorBody(e), e.field});
    std::string msg = validation::ErrorString(e);
    // Upstream's aggregate drops repeated messages.
    if (seen.insert(msg).second) messages.push_back(std::move(msg));
  }
  std::string message = qualified + " " + GoQuote(name) + " is invalid";
  if (messages.size() == 1) {
    message += ": " + messages[0];
  } else if (messages.size() > 1) {
    message += ": [";
    for (size_t i = 0; i < messages.size(); ++i) message += (i ? ", " : "") + messages[i];
    message += "]";
  }
  return Status::Invalid(std::move(message), std::move(causes));
}

}  // namespace kubepp::api
