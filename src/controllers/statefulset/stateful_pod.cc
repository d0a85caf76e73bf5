#include "controllers/statefulset/stateful_pod.h"

#include <charconv>

#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/history.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_control.h"

namespace kubepp::controllers::statefulset {

using namespace common;  // NOLINT

std::string PodName(std::string_view set_name, int64_t ordinal) {
  return std::string(set_name) + "-" + std::to_string(ordinal);
}

std::optional<int64_t> OrdinalOf(std::string_view set_name, std::string_view pod_name) {
  if (pod_name.size() <= set_name.size() + 1 || pod_name.substr(0, set_name.size()) != set_name ||
      pod_name[set_name.size()] != '-') {
    return std::nullopt;
  }
  std::string_view digits = pod_name.substr(set_name.size() + 1);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size() || v < 0) return std::nullopt;
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;  // "web-01" is not ordinal 1
  return v;
}

int64_t StartOrdinal(const boost::json::object& set) { return IntAt(set, {"spec", "ordinals", "start"}).value_or(0); }

std::string ClaimName(std::string_view template_name, std::string_view set_name, int64_t ordinal) {
  return std::string(template_name) + "-" + PodName(set_name, ordinal);
}

std::vector<boost::json::object> ClaimsFor(const boost::json::object& set, int64_t ordinal) {
  std::vector<boost::json::object> out;
  const boost::json::array* templates = Arr(ObjAt(set, {"spec"}), "volumeClaimTemplates");
  if (templates == nullptr) return out;
  const boost::json::object* match = ObjAt(set, {"spec", "selector", "matchLabels"});
  for (const auto& t : *templates) {
    if (!t.is_object()) continue;
    boost::json::object claim = t.get_object();
    claim.erase("status");
    boost::json::object& meta = MutableObj(claim, "metadata");
    std::string template_name = Str(&meta, "name");
    meta["name"] = ClaimName(template_name, client::NameOf(set), ordinal);
    meta["namespace"] = client::NamespaceOf(set);
    if (match != nullptr) {
      boost::json::object& labels = MutableObj(meta, "labels");
      for (const auto& [k, v] : *match) labels[k] = v;
    }
    claim["apiVersion"] = "v1";
    claim["kind"] = "PersistentVolumeClaim";
    out.push_back(std::move(claim));
  }
  return out;
}

boost::json::object NewStatefulPod(const boost::json::object& set, const boost::json::object& pod_template,
                                   int64_t ordinal, std::string_view revision_name) {
  boost::json::object pod = PodFromTemplate(pod_template, set, NewControllerRef(set, "apps/v1", "StatefulSet"));
  std::string name = PodName(client::NameOf(set), ordinal);
  boost::json::object& meta = MutableObj(pod, "metadata");
  meta.erase("generateName");
  meta["name"] = name;
  boost::json::object& labels = MutableObj(meta, "labels");
  labels[kPodNameLabel] = name;
  labels[kPodIndexLabel] = std::to_string(ordinal);
  labels[kControllerRevisionHashLabel] = revision_name;
  boost::json::object& spec = MutableObj(pod, "spec");
  spec["hostname"] = name;
  std::string service = StrAt(set, {"spec", "serviceName"});
  if (!service.empty()) spec["subdomain"] = service;
  // Claims replace template volumes of the same name.
  std::vector<boost::json::object> claims = ClaimsFor(set, ordinal);
  if (!claims.empty()) {
    boost::json::value& vols = spec["volumes"];
    if (!vols.is_array()) vols = boost::json::array();
    const boost::json::array* templates = Arr(ObjAt(set, {"spec"}), "volumeClaimTemplates");
    for (size_t i = 0; i < claims.size() && templates != nullptr; ++i) {
      std::string vol_name = StrAt((*templates)[i].is_object() ? (*templates)[i].get_object() : boost::json::object(),
                                   {"metadata", "name"});
      boost::json::array& arr = vols.get_array();
      for (auto it = arr.begin(); it != arr.end();) {
        it = it->is_object() && Str(&it->get_object(), "name") == vol_name ? arr.erase(it) : it + 1;
      }
      arr.push_back(boost::json::object{
          {"name", vol_name},
          {"persistentVolumeClaim", {{"claimName", std::string(client::NameOf(claims[i]))}}}});
    }
  }
  return pod;
}

}  // namespace kubepp::controllers::statefulset
