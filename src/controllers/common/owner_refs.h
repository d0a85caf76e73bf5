// Owner references and the claim protocol (upstream's ControllerRefManager):
// a controller owns the objects whose controller reference names its uid; it
// adopts orphans its selector matches and releases owned objects its selector
// no longer matches, each with a strategic-merge patch that carries the
// child's uid as a precondition, so a recreated child of the same name is
// never touched by mistake.
//
// Thread safety: the free functions are pure; a ControllerRefManager is used
// by one sync at a time.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/labels/selector.h"
#include "base/status.h"
#include "client/api_client.h"

namespace kubepp::controllers::common {

// The ownerReferences entry with controller: true, or nullptr.
const boost::json::object* GetControllerOf(const boost::json::object& obj);
// An ownerReference naming `owner` as controller (controller and
// blockOwnerDeletion true), as metav1.NewControllerRef builds it.
boost::json::object NewControllerRef(const boost::json::object& owner, std::string_view api_version,
                                     std::string_view kind);

// The canAdopt check every claim runs at most once: re-reads the owner from
// the API (not the cache) and refuses adoption if it was replaced (other uid)
// or is being deleted.
std::function<Status()> RecheckDeletionTimestamp(client::ApiClient& client, const client::Resource& owner_resource,
                                                 const boost::json::object& owner);

class ControllerRefManager {
 public:
  // `owner` must outlive the manager. `api_version`/`kind` are the owner's.
  ControllerRefManager(client::ApiClient& client, client::Resource child_resource, const boost::json::object& owner,
                       std::string api_version, std::string kind, api::LabelSelector selector,
                       std::function<Status()> can_adopt);

  // The candidates this owner controls after adopting and releasing. On
  // write errors other than NotFound, returns the first error (the caller
  // retries the whole sync).
  StatusOr<std::vector<client::ObjectPtr>> Claim(const std::vector<client::ObjectPtr>& candidates);

  Status Adopt(const boost::json::object& child);
  Status Release(const boost::json::object& child);

 private:
  Status CanAdopt();

  client::ApiClient& client_;
  client::Resource child_resource_;
  const boost::json::object& owner_;
  std::string api_version_, kind_;
  api::LabelSelector selector_;
  std::function<Status()> can_adopt_;
  std::optional<Status> can_adopt_result_;  // computed once per manager
};

}  // namespace kubepp::controllers::common
