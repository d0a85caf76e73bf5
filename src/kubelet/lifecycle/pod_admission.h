// Pod admission on the node (upstream's lifecycle.PodAdmitHandler): before a
// pod the node has not run yet starts, every admit handler may refuse it. A
// refused pod never starts; its status becomes phase Failed with the
// handler's reason and the message "Pod was rejected: <message>", and a
// Warning event with the reason and message is recorded.
//
// Thread safety: a plain value; handlers are called from the pod workers'
// threads and must be safe to call from any thread.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "client/object.h"

namespace kubepp::kubelet {

struct PodAdmitResult {
  bool admit = true;
  std::string reason;   // one word, e.g. "Evicted"
  std::string message;  // why, e.g. "The node had condition: [DiskPressure]. "
};

// `pod` is the candidate; `admitted` are the pods already admitted and not finished.
using PodAdmitHandler = std::function<PodAdmitResult(
    const boost::json::object& pod, const std::vector<client::ObjectPtr>& admitted)>;

}  // namespace kubepp::kubelet
