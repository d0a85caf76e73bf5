#include "controllers/nodelifecycle/taints.h"

#include <algorithm>

#include "controllers/util/object_fields.h"

namespace kubepp::controllers {

std::vector<Taint> TaintsOf(const boost::json::object& node) {
  std::vector<Taint> out;
  const auto* taints = util::ArrayAt(node, {"spec", "taints"});
  if (!taints) return out;
  for (const auto& t : *taints) {
    const auto* o = t.if_object();
    if (!o) continue;
    out.push_back({std::string(util::StringAt(*o, {"key"})), std::string(util::StringAt(*o, {"value"})),
                   std::string(util::StringAt(*o, {"effect"})), std::string(util::StringAt(*o, {"timeAdded"}))});
  }
  return out;
}

boost::json::array TaintsToJson(const std::vector<Taint>& taints) {
  boost::json::array out;
  for (const auto& t : taints) {
    boost::json::object o{{"key", t.key}};
    if (!t.value.empty()) o["value"] = t.value;
    o["effect"] = t.effect;
    if (!t.time_added.empty()) o["timeAdded"] = t.time_added;
    out.push_back(std::move(o));
  }
  return out;
}

bool ToleratesTaint(const boost::json::object& toleration, const Taint& taint) {
  auto effect = util::StringAt(toleration, {"effect"});
  if (!effect.empty() && effect != taint.effect) return false;
  auto key = util::StringAt(toleration, {"key"});
  auto op = util::StringAt(toleration, {"operator"});
  if (key.empty()) return op == "Exists";
  if (key != taint.key) return false;
  if (op == "Exists") return true;
  return util::StringAt(toleration, {"value"}) == taint.value;  // "Equal" or unset
}

std::optional<int64_t> TolerationSecondsFor(const boost::json::object& pod, const std::vector<Taint>& no_execute) {
  const auto* tolerations = util::ArrayAt(pod, {"spec", "tolerations"});
  int64_t shortest = -1;
  for (const auto& taint : no_execute) {
    bool tolerated = false;
    if (tolerations) {
      for (const auto& t : *tolerations) {
        const auto* o = t.if_object();
        if (!o || !ToleratesTaint(*o, taint)) continue;
        tolerated = true;
        if (const auto* secs = o->if_contains("tolerationSeconds"); secs && (secs->is_int64() || secs->is_uint64())) {
          int64_t s = std::max<int64_t>(0, util::IntAt(*o, {"tolerationSeconds"}, 0));
          shortest = shortest < 0 ? s : std::min(shortest, s);
        }
      }
    }
    if (!tolerated) return std::nullopt;
  }
  return shortest;
}

}  // namespace kubepp::controllers
