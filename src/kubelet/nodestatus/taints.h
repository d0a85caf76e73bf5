// Taints as the kubelet's --register-with-taints flag spells them:
// "key=value:Effect,key:Effect", parsed with upstream's rules (key a
// qualified name, value a label value, effect NoSchedule, PreferNoSchedule
// or NoExecute, no two taints with the same key and effect).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::kubelet {

struct Taint {
  std::string key, value, effect;
  bool operator==(const Taint&) const = default;
};

// "" gives no taints. Errors are BadRequest with upstream's messages
// ("invalid taint spec: ...", "invalid taint effect: ...",
// "duplicated taints with the same key and effect: ...").
StatusOr<std::vector<Taint>> ParseTaints(std::string_view flag);

// {"key": ..., "value": ..., "effect": ...} ("value" left out when empty, as
// upstream serializes it).
boost::json::object TaintJson(const Taint& taint);

}  // namespace kubepp::kubelet
