#include "kubelet/status/status_manager.h"

#include <boost/json.hpp>

#include "controllers/util/object_fields.h"
#include "kubelet/config/static_pods.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::ObjectAt;
using controllers::util::StringAt;

namespace {
const client::Resource& Pods() {
  static const client::Resource r = client::Resource::Of("", "pods");
  return r;
}
}  // namespace

Status StatusManager::SetStatus(const json::object& pod, const json::object& status) {
  std::string uid(StringAt(pod, {"metadata", "uid"}));
  std::string text = json::serialize(status);
  const json::object* current = ObjectAt(pod, {"status"});
  std::string target_uid = uid;
  {
    std::lock_guard lock(mu_);
    if (IsStaticPod(pod)) {
      auto mirror = mirrors_.find(uid);
      if (mirror == mirrors_.end()) return Status::Ok();
      target_uid = mirror->second;
    }
    auto it = last_sent_.find(uid);
    if (current && *current == status) {
      last_sent_[uid] = text;
      return Status::Ok();
    }
    if (it != last_sent_.end() && it->second == text) return Status::Ok();
  }
  // A merge patch replaces the arrays (conditions, containerStatuses) whole;
  // the uid guards against writing onto a recreated pod of the same name.
  json::object patch;
  patch["metadata"] = json::object{{"uid", target_uid}};
  patch["status"] = status;
  auto written = client_.Patch(Pods(), StringAt(pod, {"metadata", "namespace"}), StringAt(pod, {"metadata", "name"}),
                               client::PatchType::kMerge, json::serialize(patch), "status");
  if (!written.ok()) return written.status();
  std::lock_guard lock(mu_);
  last_sent_[uid] = std::move(text);
  return Status::Ok();
}

Status StatusManager::DeletePod(const json::object& pod) {
  client::DeleteOptions options;
  options.grace_period_seconds = 0;
  options.precondition_uid = std::string(StringAt(pod, {"metadata", "uid"}));
  auto deleted = client_.Delete(Pods(), StringAt(pod, {"metadata", "namespace"}), StringAt(pod, {"metadata", "name"}),
                                options);
  if (!deleted.ok() && deleted.status().reason() != Reason::kNotFound &&
      deleted.status().reason() != Reason::kConflict) {
    return deleted.status();
  }
  return Status::Ok();
}

void StatusManager::Forget(const std::string& uid) {
  std::lock_guard lock(mu_);
  last_sent_.erase(uid);
  mirrors_.erase(uid);
}

void StatusManager::SetMirrorUid(const std::string& static_uid, const std::string& mirror_uid) {
  std::lock_guard lock(mu_);
  auto& known = mirrors_[static_uid];
  if (known != mirror_uid) last_sent_.erase(static_uid);  // a new mirror needs the status again
  known = mirror_uid;
}

}  // namespace kubepp::kubelet
