// LimitRanger: container defaults and per-container / per-pod bounds from
// the namespace's LimitRanges.
#include <set>

#include "api/quota/resource_list.h"
#include "api/quota/usage.h"
#include "api/validation/json_access.h"
#include "apiserver/admission/admission.h"
#include "apiserver/object_meta.h"

namespace kubepp::apiserver::admission {

namespace {

using api::Quantity;
using api::quota::ParseResourceList;
using api::quota::ResourceList;
using api::validation::Arr;
using api::validation::Obj;
using api::validation::Str;
using boost::json::object;

// Every limits[] item of the given type across the LimitRanges.
std::vector<const object*> Items(const std::vector<object>& limit_ranges, std::string_view type) {
  std::vector<const object*> out;
  for (const auto& lr : limit_ranges) {
    if (const auto* limits = Arr(Obj(&lr, "spec"), "limits")) {
      for (const auto& item : *limits) {
        if (item.is_object() && Str(&item.as_object(), "type") == type) out.push_back(&item.as_object());
      }
    }
  }
  return out;
}

// Sets what the container lacks; returns the names set per part.
void MergeContainer(object& container, const ResourceList& default_requests, const ResourceList& default_limits,
                    std::string_view container_type, std::vector<std::string>& notes) {
  object& resources = [&]() -> object& {
    auto& v = container["resources"];
    if (!v.is_object()) v = object();
    return v.as_object();
  }();
  auto merge = [&](std::string_view part, const ResourceList& defaults) {
    std::vector<std::string> set;
    if (defaults.empty()) return set;
    auto& v = resources[part];
    if (!v.is_object()) v = object();
    object& target = v.as_object();
    for (const auto& [name, q] : defaults) {
      if (target.contains(name)) continue;
      target[name] = q.String();
      set.push_back(name);
    }
    if (target.empty()) resources.erase(part);
    return set;
  };
  std::vector<std::string> requests = merge("requests", default_requests);
  std::vector<std::string> limits = merge("limits", default_limits);
  auto note = [&](const std::vector<std::string>& names, std::string_view what) {
    if (names.empty()) return;
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    notes.push_back(text + " " + std::string(what) + " for " + std::string(container_type) + " " +
                    Str(&container, "name"));
  };
  note(requests, "request");
  note(limits, "limit");
}

void MinConstraint(std::string_view type, const std::string& name, const Quantity& enforced,
                   const ResourceList& request, const ResourceList& limit, std::vector<std::string>& errs) {
  auto req = request.find(name);
  auto lim = limit.find(name);
  const std::string head = "minimum " + name + " usage per " + std::string(type) + " is " + enforced.String();
  if (req == request.end()) {
    errs.push_back(head + ".  No request is specified");
    return;
  }
  if (req->second.Compare(enforced) < 0) {
    errs.push_back(head + ", but request is " + req->second.String());
    return;
  }
  if (lim != limit.end() && lim->second.Compare(enforced) < 0) {
    errs.push_back(head + ", but limit is " + lim->second.String());
  }
}

void MaxConstraint(std::string_view type, const std::string& name, const Quantity& enforced,
                   const ResourceList& request, const ResourceList& limit, std::vector<std::string>& errs) {
  auto req = request.find(name);
  auto lim = limit.find(name);
  const std::string head = "maximum " + name + " usage per " + std::string(type) + " is " + enforced.String();
  if (lim == limit.end()) {
    errs.push_back(head + ".  No limit is specified");
    return;
  }
  if (lim->second.Compare(enforced) > 0) {
    errs.push_back(head + ", but limit is " + lim->second.String());
    return;
  }
  if (req != request.end() && req->second.Compare(enforced) > 0) {
    errs.push_back(head + ", but request is " + req->second.String());
  }
}

void RatioConstraint(std::string_view type, const std::string& name, const Quantity& enforced,
                     const ResourceList& request, const ResourceList& limit, std::vector<std::string>& errs) {
  auto req = request.find(name);
  auto lim = limit.find(name);
  const std::string head =
      name + " max limit to request ratio per " + std::string(type) + " is " + enforced.String();
  if (req == request.end() || req->second.IsZero()) {
    errs.push_back(head + ", but no request is specified or request is 0");
    return;
  }
  if (lim == limit.end() || lim->second.IsZero()) {
    errs.push_back(head + ", but no limit is specified or limit is 0");
    return;
  }
  double ratio = static_cast<double>(lim->second.MilliValue()) / static_cast<double>(req->second.MilliValue());
  double max = static_cast<double>(enforced.MilliValue()) / 1000.0;
  if (ratio > max) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%f", ratio);
    errs.push_back(head + ", but provided ratio is " + buf);
  }
}

void CheckItem(const object& item, std::string_view type, const ResourceList& request, const ResourceList& limit,
               std::vector<std::string>& errs) {
  for (const auto& [name, q] : ParseResourceList(Obj(&item, "min"))) MinConstraint(type, name, q, request, limit, errs);
  for (const auto& [name, q] : ParseResourceList(Obj(&item, "max"))) MaxConstraint(type, name, q, request, limit, errs);
  for (const auto& [name, q] : ParseResourceList(Obj(&item, "maxLimitRequestRatio"))) {
    RatioConstraint(type, name, q, request, limit, errs);
  }
}

ResourceList Part(const boost::json::value& c, std::string_view part) {
  if (!c.is_object()) return {};
  return ParseResourceList(Obj(Obj(&c.as_object(), "resources"), part));
}

}  // namespace

void ApplyLimitRangeDefaults(const std::vector<object>& limit_ranges, object& pod) {
  ResourceList default_requests, default_limits;
  for (const object* item : Items(limit_ranges, "Container")) {
    for (auto& [n, q] : ParseResourceList(Obj(item, "defaultRequest"))) default_requests[n] = q;
    for (auto& [n, q] : ParseResourceList(Obj(item, "default"))) default_limits[n] = q;
  }
  if (default_requests.empty() && default_limits.empty()) return;
  auto spec_it = pod.find("spec");
  if (spec_it == pod.end() || !spec_it->value().is_object()) return;
  object& spec = spec_it->value().as_object();
  std::vector<std::string> notes;
  for (auto [field, kind] : {std::pair{"containers", "container"}, std::pair{"initContainers", "init container"}}) {
    auto it = spec.find(field);
    if (it == spec.end() || !it->value().is_array()) continue;
    for (auto& c : it->value().as_array()) {
      if (c.is_object()) MergeContainer(c.as_object(), default_requests, default_limits, kind, notes);
    }
  }
  if (notes.empty()) return;
  std::string text = "LimitRanger plugin set: ";
  for (size_t i = 0; i < notes.size(); ++i) text += (i ? "; " : "") + notes[i];
  auto& annotations = MetaOf(pod)["annotations"];
  if (!annotations.is_object()) annotations = object();
  annotations.as_object()["kubernetes.io/limit-ranger"] = text;
}

std::string CheckLimitRanges(const std::vector<object>& limit_ranges, const object& pod) {
  std::vector<std::string> errs;
  const object* spec = Obj(&pod, "spec");
  for (const object* item : Items(limit_ranges, "Container")) {
    for (const char* field : {"containers", "initContainers"}) {
      if (const auto* cs = Arr(spec, field)) {
        for (const auto& c : *cs) CheckItem(*item, "Container", Part(c, "requests"), Part(c, "limits"), errs);
      }
    }
  }
  for (const object* item : Items(limit_ranges, "Pod")) {
    CheckItem(*item, "Pod", api::quota::PodRequests(pod), api::quota::PodLimits(pod), errs);
  }
  // Upstream aggregates the errors: duplicates once, several in brackets.
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (auto& e : errs) {
    if (seen.insert(e).second) unique.push_back(std::move(e));
  }
  if (unique.empty()) return "";
  if (unique.size() == 1) return unique[0];
  std::string out = "[";
  for (size_t i = 0; i < unique.size(); ++i) out += (i ? ", " : "") + unique[i];
  return out + "]";
}

}  // namespace kubepp::apiserver::admission
