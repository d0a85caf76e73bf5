#include "kubelet/logs/log_container.h"

#include <boost/json/array.hpp>

namespace kubepp::kubelet::logs {
namespace {

const boost::json::object* Object(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}

std::string String(const boost::json::object* o, std::string_view key) {
  if (!o) return "";
  auto it = o->find(key);
  return it != o->end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

const boost::json::object* FindStatus(const boost::json::object& pod_status, std::string_view name) {
  for (const char* list : {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"}) {
    auto it = pod_status.find(list);
    if (it == pod_status.end() || !it->value().is_array()) continue;
    for (const auto& item : it->value().as_array()) {
      if (item.is_object() && String(&item.as_object(), "name") == name) return &item.as_object();
    }
  }
  return nullptr;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

StatusOr<std::string> ContainerIdForLogs(const boost::json::object& pod_status, std::string_view pod_name,
                                         std::string_view container_name, bool previous) {
  const std::string which = "container " + Quote(container_name) + " in pod " + Quote(pod_name);
  const boost::json::object* status = FindStatus(pod_status, container_name);
  if (!status) return Status::BadRequest(which + " is not available");
  const boost::json::object* state = Object(*status, "state");
  const boost::json::object* last = Object(*status, "lastState");
  const boost::json::object* waiting = state ? Object(*state, "waiting") : nullptr;
  const boost::json::object* running = state ? Object(*state, "running") : nullptr;
  const boost::json::object* terminated = state ? Object(*state, "terminated") : nullptr;
  const boost::json::object* last_terminated = last ? Object(*last, "terminated") : nullptr;
  const std::string last_id = String(last_terminated, "containerID");

  if (previous) {
    if (!last_terminated || last_id.empty()) {
      return Status::BadRequest("previous terminated container " + Quote(container_name) + " in pod " +
                                Quote(pod_name) + " not found");
    }
    return last_id;
  }
  if (running) return String(status, "containerID");
  if (terminated) {
    // When the next instance did not start, the terminated state may have no
    // ID; the last terminated instance's logs are then the ones to show.
    std::string id = String(terminated, "containerID");
    if (!id.empty()) return id;
    if (!last_id.empty()) return last_id;
    return Status::BadRequest(which + " is terminated");
  }
  if (last_terminated) {
    if (last_id.empty()) return Status::BadRequest(which + " is terminated");
    return last_id;
  }
  if (waiting) {
    std::string reason = String(waiting, "reason");
    if (reason == "ErrImagePull") return Status::BadRequest(which + " is waiting to start: image can't be pulled");
    if (reason == "ImagePullBackOff") {
      return Status::BadRequest(which + " is waiting to start: trying and failing to pull image");
    }
    return Status::BadRequest(which + " is waiting to start: " + reason);
  }
  return Status::BadRequest(which + " is waiting to start - no logs yet");
}

}  // namespace kubepp::kubelet::logs
