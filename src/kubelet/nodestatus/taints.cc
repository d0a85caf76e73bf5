#include "kubelet/nodestatus/taints.h"

#include "api/names/names.h"

namespace kubepp::kubelet {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::string Join(const std::vector<std::string>& errs) {
  std::string out;
  for (const auto& e : errs) out += (out.empty() ? "" : "; ") + e;
  return out;
}

StatusOr<Taint> ParseOne(std::string_view spec) {
  auto invalid = [&](std::string_view detail = {}) {
    std::string msg = "invalid taint spec: " + std::string(spec);
    if (!detail.empty()) msg += ", " + std::string(detail);
    return Status::BadRequest(msg);
  };
  std::vector<std::string_view> parts = Split(spec, ':');
  Taint taint;
  if (parts.size() == 1) {
    taint.key = std::string(parts[0]);
  } else if (parts.size() == 2) {
    taint.effect = std::string(parts[1]);
    if (taint.effect != "NoSchedule" && taint.effect != "PreferNoSchedule" && taint.effect != "NoExecute") {
      return Status::BadRequest("invalid taint effect: " + taint.effect + ", unsupported taint effect");
    }
    std::vector<std::string_view> kv = Split(parts[0], '=');
    if (kv.size() > 2) return invalid();
    taint.key = std::string(kv[0]);
    if (kv.size() == 2) {
      taint.value = std::string(kv[1]);
      if (auto errs = api::IsValidLabelValue(taint.value); !errs.empty()) return invalid(Join(errs));
    }
  } else {
    return invalid();
  }
  if (auto errs = api::IsQualifiedName(taint.key); !errs.empty()) return invalid(Join(errs));
  return taint;
}

}  // namespace

StatusOr<std::vector<Taint>> ParseTaints(std::string_view flag) {
  std::vector<Taint> taints;
  if (flag.empty()) return taints;
  for (std::string_view spec : Split(flag, ',')) {
    if (spec.ends_with('-')) {
      // "key:Effect-" is the syntax for removing a taint: checked, but a
      // registering kubelet has nothing to remove it from (upstream drops it).
      auto removed = ParseOne(spec.substr(0, spec.size() - 1));
      if (!removed.ok()) return removed.status();
      continue;
    }
    auto taint = ParseOne(spec);
    if (!taint.ok()) return taint.status();
    if (taint->effect.empty()) return Status::BadRequest("invalid taint spec: " + std::string(spec));
    for (const Taint& seen : taints) {
      if (seen.key == taint->key && seen.effect == taint->effect) {
        return Status::BadRequest("duplicated taints with the same key and effect: {" + taint->key + " " +
                                  taint->value + " " + taint->effect + " <nil>}");
      }
    }
    taints.push_back(std::move(*taint));
  }
  return taints;
}

boost::json::object TaintJson(const Taint& taint) {
  boost::json::object out{{"key", taint.key}};
  if (!taint.value.empty()) out["value"] = taint.value;
  out["effect"] = taint.effect;
  return out;
}

}  // namespace kubepp::kubelet
