#include "kubelet/fieldpath/field_path.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "api/names/names.h"
#include "api/validation/field_errors.h"
#include "api/validation/json_access.h"
#include "base/go_quote.h"

namespace kubepp::kubelet::fieldpath {
namespace {

using api::validation::Obj;
using api::validation::Str;

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

std::string MapValue(const boost::json::object* map, std::string_view key) {
  if (map == nullptr) return "";
  auto it = map->find(key);
  return it != map->end() && it->value().is_string() ? std::string(it->value().get_string())
                                                     : std::string();
}

}  // namespace

std::optional<std::pair<std::string, std::string>> SplitMaybeSubscriptedPath(
    std::string_view field_path) {
  constexpr std::string_view kClose = "']";
  constexpr std::string_view kOpen = "['";
  if (field_path.size() < kClose.size() ||
      field_path.substr(field_path.size() - kClose.size()) != kClose) {
    return std::nullopt;
  }
  std::string_view s = field_path.substr(0, field_path.size() - kClose.size());
  size_t open = s.find(kOpen);
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  return std::make_pair(std::string(s.substr(0, open)), std::string(s.substr(open + kOpen.size())));
}

std::string FormatMap(const boost::json::object* map) {
  if (map == nullptr) return "";
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& kv : *map) {
    entries.emplace_back(std::string(kv.key()), kv.value().is_string()
                                                    ? std::string(kv.value().get_string())
                                                    : std::string());
  }
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += '\n';
    out += entries[i].first;
    out += '=';
    out += GoQuote(entries[i].second);
  }
  return out;
}

StatusOr<std::string> ExtractFieldPathAsString(const boost::json::object& obj,
                                               std::string_view field_path) {
  const boost::json::object* meta = Obj(&obj, "metadata");
  if (auto split = SplitMaybeSubscriptedPath(field_path)) {
    const auto& [path, subscript] = *split;
    if (path == "metadata.annotations" || path == "metadata.labels") {
      // Annotation keys are checked case-insensitively, label keys as they are.
      std::string checked = subscript;
      if (path == "metadata.annotations") {
        std::transform(checked.begin(), checked.end(), checked.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      }
      std::vector<std::string> errs = api::IsQualifiedName(checked);
      if (!errs.empty()) {
        return Status::Invalid("invalid key subscript in " + std::string(field_path) + ": " +
                               Join(errs, ";"));
      }
      return MapValue(Obj(meta, path == "metadata.labels" ? "labels" : "annotations"), subscript);
    }
    return Status::Invalid("fieldPath " + GoQuote(field_path) +
                           " does not support subscript");
  }
  if (field_path == "metadata.annotations") return FormatMap(Obj(meta, "annotations"));
  if (field_path == "metadata.labels") return FormatMap(Obj(meta, "labels"));
  if (field_path == "metadata.name") return Str(meta, "name");
  if (field_path == "metadata.namespace") return Str(meta, "namespace");
  if (field_path == "metadata.uid") return Str(meta, "uid");
  return Status::Invalid("unsupported fieldPath: " + std::string(field_path));
}

StatusOr<std::string> ConvertDownwardApiFieldLabel(std::string_view version,
                                                   std::string_view label) {
  if (version != "v1") return Status::Invalid("unsupported pod version: " + std::string(version));
  if (auto split = SplitMaybeSubscriptedPath(label)) {
    if (split->first == "metadata.annotations" || split->first == "metadata.labels")
      return std::string(label);
    return Status::Invalid("field label does not support subscript: " + std::string(label));
  }
  static constexpr std::string_view kSupported[] = {
      "metadata.annotations", "metadata.labels", "metadata.name",      "metadata.namespace",
      "metadata.uid",         "spec.nodeName",   "spec.restartPolicy", "spec.serviceAccountName",
      "spec.schedulerName",   "status.phase",    "status.hostIP",      "status.hostIPs",
      "status.podIP",         "status.podIPs"};
  for (std::string_view s : kSupported) {
    if (label == s) return std::string(label);
  }
  if (label == "spec.host") return std::string("spec.nodeName");
  return Status::Invalid("field label not supported: " + std::string(label));
}

}  // namespace kubepp::kubelet::fieldpath
