#include "api/managedfields/conflicts.h"

namespace kubepp::api::managedfields {

namespace {
constexpr std::string_view kCauseType = "FieldManagerConflict";
}

std::vector<Conflict> ConflictsFrom(const std::map<ManagerId, FieldSet>& sets) {
  std::vector<Conflict> out;
  for (const auto& [id, set] : sets) {
    set.Iterate([&out, &id = id](const Path& p) { out.push_back(Conflict{id, p}); });
  }
  return out;
}

Status ConflictStatus(const std::vector<Conflict>& conflicts) {
  std::vector<StatusCause> causes;
  causes.reserve(conflicts.size());
  for (const auto& c : conflicts) {
    causes.push_back({std::string(kCauseType), "conflict with " + c.manager.Printed(), PathString(c.path)});
  }
  std::string message;
  if (conflicts.size() == 1) {
    message = "Apply failed with 1 conflict: conflict with " + conflicts[0].manager.Printed() + ": " +
              PathString(conflicts[0].path);
  } else {
    std::map<ManagerId, std::vector<const Path*>> by_manager;
    // Sorted as upstream sorts them: by identifier text.
    std::map<std::string, const ManagerId*> order;
    for (const auto& c : conflicts) {
      by_manager[c.manager].push_back(&c.path);
      order.emplace(c.manager.Identifier(), &c.manager);
    }
    std::string lines;
    for (const auto& [identifier, id] : order) {
      if (!lines.empty()) lines += "\n";
      lines += "conflicts with " + id->Printed() + ":";
      for (const Path* p : by_manager[*id]) lines += "\n- " + PathString(*p);
    }
    message = "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: " + lines;
  }
  return Status(Reason::kConflict, std::move(message), std::move(causes));
}

bool IsApplyConflict(const Status& status) {
  return status.reason() == Reason::kConflict && !status.causes().empty() && status.causes()[0].type == kCauseType;
}

}  // namespace kubepp::api::managedfields
