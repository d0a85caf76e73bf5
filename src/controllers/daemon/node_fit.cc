#include "controllers/daemon/node_fit.h"

#include <algorithm>
#include <charconv>

#include "client/object.h"
#include "controllers/common/fields.h"

namespace kubepp::controllers::daemon {

using common::Arr;
using common::Obj;
using common::ObjAt;
using common::Str;

namespace {

struct DefaultToleration {
  const char* key;
  const char* effect;
  bool host_network_only;
};

constexpr DefaultToleration kDefaults[] = {
    {"node.kubernetes.io/not-ready", "NoExecute", false},
    {"node.kubernetes.io/unreachable", "NoExecute", false},
    {"node.kubernetes.io/disk-pressure", "NoSchedule", false},
    {"node.kubernetes.io/memory-pressure", "NoSchedule", false},
    {"node.kubernetes.io/pid-pressure", "NoSchedule", false},
    {"node.kubernetes.io/unschedulable", "NoSchedule", false},
    {"node.kubernetes.io/network-unavailable", "NoSchedule", true},
};

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool MatchRequirement(const boost::json::object& req, const api::Labels& values) {
  std::string key = Str(&req, "key"), op = Str(&req, "operator");
  std::vector<std::string> want = api::validation::Strings(&req, "values");
  auto it = values.find(key);
  bool has = it != values.end();
  if (op == "In") return has && std::find(want.begin(), want.end(), it->second) != want.end();
  if (op == "NotIn") return !has || std::find(want.begin(), want.end(), it->second) == want.end();
  if (op == "Exists") return has;
  if (op == "DoesNotExist") return !has;
  if (op == "Gt" || op == "Lt") {
    if (!has || want.size() != 1) return false;
    auto a = ParseInt(it->second), b = ParseInt(want[0]);
    if (!a || !b) return false;
    return op == "Gt" ? *a > *b : *a < *b;
  }
  return false;
}

bool MatchTerm(const boost::json::object& term, const api::Labels& labels, const api::Labels& fields) {
  const boost::json::array* exprs = Arr(&term, "matchExpressions");
  const boost::json::array* field_exprs = Arr(&term, "matchFields");
  // A term with no requirements matches nothing.
  if ((exprs == nullptr || exprs->empty()) && (field_exprs == nullptr || field_exprs->empty())) return false;
  for (auto [list, values] : {std::pair{exprs, &labels}, std::pair{field_exprs, &fields}}) {
    if (list == nullptr) continue;
    for (const auto& r : *list) {
      if (!r.is_object() || !MatchRequirement(r.get_object(), *values)) return false;
    }
  }
  return true;
}

}  // namespace

void AddDaemonTolerations(boost::json::object& pod_spec) {
  boost::json::value& v = pod_spec["tolerations"];
  if (!v.is_array()) v = boost::json::array();
  boost::json::array& tols = v.get_array();
  bool host_network = common::Bool(&pod_spec, "hostNetwork").value_or(false);
  for (const DefaultToleration& d : kDefaults) {
    if (d.host_network_only && !host_network) continue;
    boost::json::object t{{"key", d.key}, {"operator", "Exists"}, {"effect", d.effect}};
    bool present = std::any_of(tols.begin(), tols.end(), [&](const boost::json::value& e) {
      return e.is_object() && Str(&e.get_object(), "key") == d.key && Str(&e.get_object(), "effect") == d.effect &&
             Str(&e.get_object(), "operator") == "Exists" && !e.get_object().contains("tolerationSeconds");
    });
    if (!present) tols.push_back(std::move(t));
  }
}

void PinToNode(boost::json::object& pod_spec, std::string_view node) {
  boost::json::object term{
      {"matchFields", boost::json::array{boost::json::object{
                          {"key", "metadata.name"}, {"operator", "In"}, {"values", boost::json::array{node}}}}}};
  boost::json::object& affinity = common::MutableObj(pod_spec, "affinity");
  boost::json::object& node_affinity = common::MutableObj(affinity, "nodeAffinity");
  boost::json::object& required = common::MutableObj(node_affinity, "requiredDuringSchedulingIgnoredDuringExecution");
  required["nodeSelectorTerms"] = boost::json::array{std::move(term)};
}

std::string TargetNodeName(const boost::json::object& pod) {
  std::string name = common::StrAt(pod, {"spec", "nodeName"});
  if (!name.empty()) return name;
  const boost::json::array* terms =
      Arr(ObjAt(pod, {"spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"}),
          "nodeSelectorTerms");
  if (terms == nullptr) return "";
  for (const auto& t : *terms) {
    if (!t.is_object()) continue;
    const boost::json::array* fields = Arr(&t.get_object(), "matchFields");
    if (fields == nullptr) continue;
    for (const auto& f : *fields) {
      if (!f.is_object() || Str(&f.get_object(), "key") != "metadata.name" ||
          Str(&f.get_object(), "operator") != "In") {
        continue;
      }
      auto values = api::validation::Strings(&f.get_object(), "values");
      if (values.size() == 1) return values[0];
    }
  }
  return "";
}

bool Tolerates(const boost::json::object& toleration, const boost::json::object& taint) {
  std::string effect = Str(&toleration, "effect");
  if (!effect.empty() && effect != Str(&taint, "effect")) return false;
  std::string key = Str(&toleration, "key"), op = Str(&toleration, "operator");
  if (op.empty()) op = "Equal";
  if (key.empty()) return op == "Exists";  // an empty key with Exists tolerates everything
  if (key != Str(&taint, "key")) return false;
  if (op == "Exists") return true;
  return op == "Equal" && Str(&toleration, "value") == Str(&taint, "value");
}

bool MatchesNodeSelectorTerms(const boost::json::array& terms, const boost::json::object& node) {
  api::Labels labels = common::LabelsOf(node);
  api::Labels fields{{"metadata.name", std::string(client::NameOf(node))}};
  return std::any_of(terms.begin(), terms.end(), [&](const boost::json::value& t) {
    return t.is_object() && MatchTerm(t.get_object(), labels, fields);
  });
}

NodeFit NodeShouldRunDaemonPod(const boost::json::object& node, const boost::json::object& ds) {
  const boost::json::object* tmpl_spec = ObjAt(ds, {"spec", "template", "spec"});
  boost::json::object spec = tmpl_spec ? *tmpl_spec : boost::json::object();
  std::string node_name(client::NameOf(node));
  std::string wanted = Str(&spec, "nodeName");
  if (!wanted.empty() && wanted != node_name) return {};
  AddDaemonTolerations(spec);

  api::Labels node_labels = common::LabelsOf(node);
  if (const boost::json::object* sel = Obj(&spec, "nodeSelector")) {
    for (const auto& [k, v] : *sel) {
      auto it = node_labels.find(std::string_view(k));
      if (!v.is_string() || it == node_labels.end() || it->second != v.get_string()) return {};
    }
  }
  const boost::json::array* terms =
      Arr(ObjAt(spec, {"affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"}),
          "nodeSelectorTerms");
  if (terms != nullptr && !MatchesNodeSelectorTerms(*terms, node)) return {};

  const boost::json::array* taints = Arr(ObjAt(node, {"spec"}), "taints");
  const boost::json::array* tols = Arr(&spec, "tolerations");
  auto tolerated = [&](const boost::json::object& taint) {
    return tols != nullptr && std::any_of(tols->begin(), tols->end(), [&](const boost::json::value& t) {
             return t.is_object() && Tolerates(t.get_object(), taint);
           });
  };
  NodeFit fit{true, true};
  if (taints == nullptr) return fit;
  for (const auto& t : *taints) {
    if (!t.is_object()) continue;
    std::string effect = Str(&t.get_object(), "effect");
    if (effect != "NoSchedule" && effect != "NoExecute") continue;
    if (tolerated(t.get_object())) continue;
    fit.should_run = false;
    if (effect == "NoExecute") fit.should_continue = false;
  }
  return fit;
}

}  // namespace kubepp::controllers::daemon
