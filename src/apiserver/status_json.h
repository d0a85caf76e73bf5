// The metav1.Status object the apiserver sends for every failure (and for
// some successful deletes).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::apiserver {

struct StatusDetails {
  std::string name, group, kind, uid;
};

// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
//  "message":...,"reason":...,"details":{...,"causes":[...]},"code":...}
// `list_continue`: the Status's metadata.continue (an expired continue token's replacement).
std::string StatusJson(const Status& status, const StatusDetails& details = {},
                       const std::string& list_continue = {});
std::string SuccessStatusJson(const StatusDetails& details);

}  // namespace kubepp::apiserver
