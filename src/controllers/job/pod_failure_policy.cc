#include "controllers/job/pod_failure_policy.h"

#include <algorithm>
#include <vector>

#include "client/object.h"
#include "controllers/common/fields.h"

namespace kubepp::controllers::job {

using common::Arr;
using common::Int;
using common::Obj;
using common::ObjAt;
using common::Str;

namespace {

FailureAction ActionOf(std::string_view a) {
  if (a == "FailJob") return FailureAction::kFailJob;
  if (a == "Ignore") return FailureAction::kIgnore;
  if (a == "FailIndex") return FailureAction::kFailIndex;
  return FailureAction::kCount;
}

// The first terminated container (init containers too) whose exit code the requirement selects.
std::optional<std::pair<std::string, int64_t>> MatchExitCodes(const boost::json::object& pod,
                                                              const boost::json::object& req) {
  std::string container = Str(&req, "containerName");
  bool in = Str(&req, "operator") == "In";
  std::vector<int64_t> values;
  if (const boost::json::array* vs = Arr(&req, "values")) {
    for (const auto& v : *vs) {
      if (auto i = api::validation::AsInt(&v)) values.push_back(*i);
    }
  }
  for (std::string_view list : {"initContainerStatuses", "containerStatuses"}) {
    const boost::json::array* statuses = Arr(ObjAt(pod, {"status"}), list);
    if (statuses == nullptr) continue;
    for (const auto& s : *statuses) {
      if (!s.is_object()) continue;
      const boost::json::object* term = ObjAt(s.get_object(), {"state", "terminated"});
      if (term == nullptr) continue;
      std::string name = Str(&s.get_object(), "name");
      if (!container.empty() && name != container) continue;
      int64_t code = Int(term, "exitCode").value_or(0);
      if (code == 0) continue;
      bool listed = std::find(values.begin(), values.end(), code) != values.end();
      if (listed == in) return std::make_pair(name, code);
    }
  }
  return std::nullopt;
}

// The type of the first pod condition a pattern selects; "" when none.
std::string MatchConditions(const boost::json::object& pod, const boost::json::array& patterns) {
  const boost::json::array* conds = Arr(ObjAt(pod, {"status"}), "conditions");
  if (conds == nullptr) return "";
  for (const auto& p : patterns) {
    if (!p.is_object()) continue;
    std::string want_status = Str(&p.get_object(), "status");
    if (want_status.empty()) want_status = "True";
    for (const auto& c : *conds) {
      if (c.is_object() && Str(&c.get_object(), "type") == Str(&p.get_object(), "type") &&
          Str(&c.get_object(), "status") == want_status) {
        return Str(&c.get_object(), "type");
      }
    }
  }
  return "";
}

}  // namespace

FailureMatch MatchPodFailurePolicy(const boost::json::object& job, const boost::json::object& pod) {
  const boost::json::array* rules = Arr(ObjAt(job, {"spec", "podFailurePolicy"}), "rules");
  if (rules == nullptr) return {};
  std::string pod_key = client::KeyOf(pod);
  for (size_t i = 0; i < rules->size(); ++i) {
    if (!(*rules)[i].is_object()) continue;
    const boost::json::object& rule = (*rules)[i].get_object();
    FailureAction action = ActionOf(Str(&rule, "action"));
    std::string rule_text = Str(&rule, "action") + " rule at index " + std::to_string(i);
    if (const boost::json::object* codes = Obj(&rule, "onExitCodes")) {
      if (auto m = MatchExitCodes(pod, *codes)) {
        return {action, "Container " + m->first + " for pod " + pod_key + " failed with exit code " +
                            std::to_string(m->second) + " matching " + rule_text};
      }
    } else if (const boost::json::array* conds = Arr(&rule, "onPodConditions")) {
      if (std::string type = MatchConditions(pod, *conds); !type.empty()) {
        return {action, "Pod " + pod_key + " has condition " + type + " matching " + rule_text};
      }
    }
  }
  return {};
}

}  // namespace kubepp::controllers::job
