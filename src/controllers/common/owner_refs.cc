#include "controllers/common/owner_refs.h"

#include <boost/json/serialize.hpp>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"

namespace kubepp::controllers::common {

const boost::json::object* GetControllerOf(const boost::json::object& obj) {
  const boost::json::value* refs = ValueAt(obj, {"metadata", "ownerReferences"});
  if (refs == nullptr || !refs->is_array()) return nullptr;
  for (const auto& r : refs->get_array()) {
    if (r.is_object() && Bool(&r.get_object(), "controller").value_or(false)) return &r.get_object();
  }
  return nullptr;
}

boost::json::object NewControllerRef(const boost::json::object& owner, std::string_view api_version,
                                     std::string_view kind) {
  boost::json::object ref;
  ref["apiVersion"] = api_version;
  ref["kind"] = kind;
  ref["name"] = client::NameOf(owner);
  ref["uid"] = client::UidOf(owner);
  ref["controller"] = true;
  ref["blockOwnerDeletion"] = true;
  return ref;
}

std::function<Status()> RecheckDeletionTimestamp(client::ApiClient& client, const client::Resource& owner_resource,
                                                 const boost::json::object& owner) {
  std::string ns(client::NamespaceOf(owner)), name(client::NameOf(owner)), uid(client::UidOf(owner));
  return [&client, owner_resource, ns, name, uid]() -> Status {
    auto fresh = client.Get(owner_resource, ns, name);
    if (!fresh.ok()) return fresh.status();
    if (client::UidOf(**fresh) != uid) {
      return Status::Conflict("original " + ns + "/" + name + " is gone: got uid " +
                              std::string(client::UidOf(**fresh)) + ", wanted " + uid);
    }
    if (IsBeingDeleted(**fresh)) {
      return Status::Conflict(ns + "/" + name + " has just been deleted at " +
                              StrAt(**fresh, {"metadata", "deletionTimestamp"}));
    }
    return Status::Ok();
  };
}

ControllerRefManager::ControllerRefManager(client::ApiClient& client, client::Resource child_resource,
                                           const boost::json::object& owner, std::string api_version,
                                           std::string kind, api::LabelSelector selector,
                                           std::function<Status()> can_adopt)
    : client_(client),
      child_resource_(std::move(child_resource)),
      owner_(owner),
      api_version_(std::move(api_version)),
      kind_(std::move(kind)),
      selector_(std::move(selector)),
      can_adopt_(std::move(can_adopt)) {}

Status ControllerRefManager::CanAdopt() {
  if (!can_adopt_result_) can_adopt_result_ = can_adopt_ ? can_adopt_() : Status::Ok();
  return *can_adopt_result_;
}

StatusOr<std::vector<client::ObjectPtr>> ControllerRefManager::Claim(
    const std::vector<client::ObjectPtr>& candidates) {
  std::vector<client::ObjectPtr> claimed;
  Status first_error;
  std::string owner_uid(client::UidOf(owner_));
  bool owner_deleting = IsBeingDeleted(owner_);
  for (const client::ObjectPtr& child : candidates) {
    const boost::json::object* ref = GetControllerOf(*child);
    if (ref != nullptr && Str(ref, "uid") != owner_uid) continue;  // someone else's
    bool matches = selector_.Matches(ObjAt(*child, {"metadata", "labels"}));
    Status st;
    if (ref != nullptr) {
      if (matches) {
        claimed.push_back(child);
        continue;
      }
      // Ours but no longer selected: let it go, unless we are going away anyway.
      if (owner_deleting) continue;
      st = Release(*child);
    } else {
      // An orphan: adopt it if it fits.
      if (owner_deleting || !matches || IsBeingDeleted(*child)) continue;
      if (client::NamespaceOf(owner_) != client::NamespaceOf(*child)) continue;
      st = Adopt(*child);
      if (st.ok()) claimed.push_back(child);
    }
    if (!st.ok() && !st.IsNotFound() && first_error.ok()) first_error = st;
  }
  if (!first_error.ok()) return first_error;
  return claimed;
}

Status ControllerRefManager::Adopt(const boost::json::object& child) {
  if (Status st = CanAdopt(); !st.ok()) {
    // Never NotFound: a vanished owner must fail the claim, not read as a vanished child.
    return Status::Conflict("can't adopt " + child_resource_.kind + " " + client::KeyOf(child) + " (" +
                            std::string(client::UidOf(child)) + "): " + st.message());
  }
  boost::json::object meta;
  meta["ownerReferences"] = boost::json::array{NewControllerRef(owner_, api_version_, kind_)};
  meta["uid"] = client::UidOf(child);
  boost::json::object patch;
  patch["metadata"] = std::move(meta);
  VLOG(2) << "adopting " << child_resource_.kind << " " << client::KeyOf(child) << " by " << kind_ << " "
          << client::KeyOf(owner_);
  auto r = client_.Patch(child_resource_, client::NamespaceOf(child), client::NameOf(child),
                         client::PatchType::kStrategicMerge, boost::json::serialize(patch));
  return r.status();
}

Status ControllerRefManager::Release(const boost::json::object& child) {
  boost::json::object del;
  del["$patch"] = "delete";
  del["uid"] = client::UidOf(owner_);
  boost::json::object meta;
  meta["ownerReferences"] = boost::json::array{std::move(del)};
  meta["uid"] = client::UidOf(child);
  boost::json::object patch;
  patch["metadata"] = std::move(meta);
  VLOG(2) << "releasing " << child_resource_.kind << " " << client::KeyOf(child) << " from " << kind_ << " "
          << client::KeyOf(owner_);
  auto r = client_.Patch(child_resource_, client::NamespaceOf(child), client::NameOf(child),
                         client::PatchType::kStrategicMerge, boost::json::serialize(patch));
  // Already gone, or its uid changed (a new object of that name): nothing of ours to release.
  if (!r.ok() && (r.status().IsNotFound() || r.status().IsInvalid())) return Status::Ok();
  return r.status();
}

}  // namespace kubepp::controllers::common
