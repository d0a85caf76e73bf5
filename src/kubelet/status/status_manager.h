// Writes pod statuses to the API (upstream's status manager): a status is
// sent through pods/status only when it differs from what the pod shows and
// from what was last sent, and a pod the kubelet finished tearing down is
// deleted for good (grace period 0, guarded by its uid). Static pods report
// through their mirror pods.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "client/api_client.h"

namespace kubepp::kubelet {

class StatusManager {
 public:
  explicit StatusManager(client::ApiClient& client) : client_(client) {}

  // Sends `status` for `pod` when it changed.
  Status SetStatus(const boost::json::object& pod, const boost::json::object& status);
  // Removes the pod object once its containers are gone.
  Status DeletePod(const boost::json::object& pod);
  void Forget(const std::string& uid);
  // Statuses of a static pod go to its mirror pod, which the API knows by
  // another uid; until the mirror exists they are not sent.
  void SetMirrorUid(const std::string& static_uid, const std::string& mirror_uid);

 private:
  client::ApiClient& client_;
  std::mutex mu_;
  std::map<std::string, std::string> last_sent_;  // uid -> serialized status
  std::map<std::string, std::string> mirrors_;    // static pod uid -> mirror pod uid
};

}  // namespace kubepp::kubelet
