#include "controllers/namespace/deletion_conditions.h"

#include <algorithm>
#include <vector>

#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

struct Condition {
  std::string type, status, reason, message;
};

struct OkVariant {
  const char* type;
  const char* reason;
  const char* message;
};

// In upstream's order; their "nothing wrong" reason and message.
constexpr OkVariant kConditionTypes[] = {
    {"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"},
    {"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"},
    {"NamespaceDeletionContentFailure", "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization"},
    {"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"},
    {"NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"},
};

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::vector<Condition> Failures(const DeletionOutcome& outcome) {
  std::vector<Condition> out;
  if (outcome.discovery_error) {
    out.push_back({"NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", *outcome.discovery_error});
  }
  const auto& t = outcome.totals;
  if (!t.delete_errors.empty()) {
    auto msgs = t.delete_errors;
    std::sort(msgs.begin(), msgs.end());
    out.push_back({"NamespaceDeletionContentFailure", "True", "ContentDeletionFailed",
                   "Failed to delete all resource types, " + std::to_string(msgs.size()) +
                       " remaining: " + Join(msgs, ", ")});
  }
  std::vector<std::string> parts;
  for (const auto& [r, n] : t.remaining_by_resource) {
    if (n > 0) parts.push_back(r + " has " + std::to_string(n) + " resource instances");
  }
  std::sort(parts.begin(), parts.end());
  if (!t.remaining_by_resource.empty()) {
    out.push_back({"NamespaceContentRemaining", "True", "SomeResourcesRemain",
                   "Some resources are remaining: " + Join(parts, ", ")});
  }
  parts.clear();
  for (const auto& [f, n] : t.remaining_by_finalizer) {
    if (n > 0) parts.push_back(f + " in " + std::to_string(n) + " resource instances");
  }
  std::sort(parts.begin(), parts.end());
  if (!t.remaining_by_finalizer.empty()) {
    out.push_back({"NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                   "Some content in the namespace has finalizers remaining: " + Join(parts, ", ")});
  }
  return out;
}

}  // namespace

bool UpdateDeletionConditions(boost::json::object& ns, const DeletionOutcome& outcome, Clock::TimePoint now) {
  auto failures = Failures(outcome);
  auto& status = util::MutableObject(ns, "status");
  auto& conds_value = status["conditions"];
  if (!conds_value.is_array()) conds_value = boost::json::array();
  auto& conds = conds_value.as_array();
  const std::string now_text = util::FormatTime(now);
  bool changed = false;
  for (const auto& ok : kConditionTypes) {
    Condition want{ok.type, "False", ok.reason, ok.message};
    for (const auto& f : failures) {
      if (f.type == ok.type) want = f;
    }
    boost::json::object* old = nullptr;
    for (auto& c : conds) {
      if (c.is_object() && util::StringAt(c.as_object(), {"type"}) == ok.type) old = &c.as_object();
    }
    if (!old) {
      conds.push_back(boost::json::object{{"type", want.type},
                                          {"status", want.status},
                                          {"lastTransitionTime", now_text},
                                          {"reason", want.reason},
                                          {"message", want.message}});
      changed = true;
      continue;
    }
    const auto old_status = util::StringAt(*old, {"status"});
    if (old_status == want.status && util::StringAt(*old, {"reason"}) == want.reason &&
        util::StringAt(*old, {"message"}) == want.message) {
      continue;
    }
    if (old_status != want.status) (*old)["lastTransitionTime"] = now_text;
    (*old)["status"] = want.status;
    (*old)["reason"] = want.reason;
    (*old)["message"] = want.message;
    changed = true;
  }
  return changed;
}

}  // namespace kubepp::controllers
