#include "apiserver/list_query.h"

#include <strings.h>

#include <vector>

#include "api/validation/field_errors.h"
#include "api/validation/validation.h"

namespace kubepp::apiserver {
namespace {

namespace v = api::validation;

constexpr std::string_view kNotOlderThan = "NotOlderThan";
constexpr std::string_view kExact = "Exact";

std::string Get(const QueryParams& q, std::string_view name) {
  auto it = q.find(name);
  return it == q.end() ? std::string() : it->second;
}

std::vector<api::FieldError> ListErrors(const ListQuery& l) {
  std::vector<api::FieldError> errors;
  const ListOptions& o = l.options;
  const v::FieldPath match_path("resourceVersionMatch");
  if (const std::string& match = o.resource_version_match; !match.empty()) {
    if (o.resource_version.empty()) {
      errors.push_back(v::Forbidden(
          match_path, "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    }
    if (!o.continue_token.empty()) {
      errors.push_back(
          v::Forbidden(match_path, "resourceVersionMatch is forbidden when continue is provided"));
    }
    if (match != kExact && match != kNotOlderThan) {
      errors.push_back(v::NotSupported(match_path, match, {"Exact", "NotOlderThan", ""}));
    }
    if (match == kExact && o.resource_version == "0") {
      errors.push_back(v::Forbidden(
          match_path, "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
    }
  }
  if (l.send_initial_events) {
    errors.push_back(
        v::Forbidden(v::FieldPath("sendInitialEvents"), "sendInitialEvents is forbidden for list"));
  }
  return errors;
}

std::vector<api::FieldError> WatchErrors(const ListQuery& l) {
  std::vector<api::FieldError> errors;
  const std::string& match = l.options.resource_version_match;
  const v::FieldPath match_path("resourceVersionMatch");
  if (l.send_initial_events && match != kNotOlderThan) {
    errors.push_back(v::Forbidden(
        match_path, "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
  }
  if (!match.empty()) {
    if (!l.send_initial_events) {
      errors.push_back(v::Forbidden(
          match_path,
          "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
    }
    if (match != kNotOlderThan)
      errors.push_back(v::NotSupported(match_path, match, {"NotOlderThan"}));
    if (!l.options.continue_token.empty()) {
      errors.push_back(
          v::Forbidden(match_path, "resourceVersionMatch is forbidden when continue is provided"));
    }
  }
  return errors;
}

}  // namespace

bool QueryBool(const QueryParams& query, std::string_view name) {
  auto it = query.find(name);
  if (it == query.end()) return false;
  return !(it->second == "0" || ::strcasecmp(it->second.c_str(), "false") == 0);
}

const api::ResourceInfo& ListOptionsKind() {
  static const api::ResourceInfo* const kind = [] {
    auto* info = new api::ResourceInfo;
    info->group = "meta.k8s.io";
    info->kind = "ListOptions";
    return info;
  }();
  return *kind;
}

StatusOr<ListQuery> ReadListQuery(const QueryParams& q, const api::ResourceInfo& r,
                                  const std::string& namespace_name, bool watch) {
  ListQuery l;
  ListOptions& options = l.options;
  options.namespace_name = r.namespaced ? namespace_name : "";
  if (auto ls = Get(q, "labelSelector"); !ls.empty()) {
    auto sel = api::LabelSelector::Parse(ls);
    if (!sel.ok()) return sel.status();
    options.label_selector = std::move(*sel);
  }
  if (auto fs = Get(q, "fieldSelector"); !fs.empty()) {
    auto sel = api::FieldSelector::Parse(fs);
    if (!sel.ok()) return sel.status();
    if (Status st = CheckFieldSelector(r, *sel); !st.ok()) return st;
    options.field_selector = std::move(*sel);
  }
  if (auto limit = Get(q, "limit"); !limit.empty()) {
    auto n = ParseQueryInt("limit", limit);
    if (!n.ok()) return n.status();
    options.limit = std::max<int64_t>(0, *n);
  }
  options.continue_token = Get(q, "continue");
  options.resource_version = Get(q, "resourceVersion");
  options.resource_version_match = Get(q, "resourceVersionMatch");
  if (q.contains("sendInitialEvents")) l.send_initial_events = QueryBool(q, "sendInitialEvents");
  l.allow_bookmarks = QueryBool(q, "allowWatchBookmarks");

  // A watch from "" or "0" that says nothing of either option is a streaming list.
  const std::string& rv = options.resource_version;
  if (watch && !l.send_initial_events && options.resource_version_match.empty() &&
      (rv.empty() || rv == "0")) {
    l.send_initial_events = true;
    options.resource_version_match = kNotOlderThan;
  }
  auto errors = watch ? WatchErrors(l) : ListErrors(l);
  if (!errors.empty()) return api::InvalidStatus(ListOptionsKind(), "", errors);
  return l;
}

}  // namespace kubepp::apiserver
