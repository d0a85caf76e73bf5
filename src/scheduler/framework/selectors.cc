#include "scheduler/framework/selectors.h"

#include <algorithm>
#include <charconv>

#include "scheduler/framework/json_read.h"

namespace kubepp::scheduler::framework {

namespace {

bool ParseInt(std::string_view s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool Contains(const std::vector<std::string>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

std::vector<NodeSelectorRequirement> ParseRequirements(const boost::json::object& term, std::string_view key,
                                                       bool* valid) {
  std::vector<NodeSelectorRequirement> out;
  ForEachObject(&term, key, [&](const boost::json::object& e) {
    NodeSelectorRequirement r;
    r.key = StringAt(&e, "key");
    r.op = StringAt(&e, "operator");
    if (const boost::json::array* vals = ArrayAt(&e, "values")) {
      for (const auto& v : *vals) {
        if (const auto* s = v.if_string()) r.values.emplace_back(*s);
      }
    }
    if (r.op != "In" && r.op != "NotIn" && r.op != "Exists" && r.op != "DoesNotExist" && r.op != "Gt" &&
        r.op != "Lt") {
      *valid = false;
    }
    out.push_back(std::move(r));
  });
  return out;
}

}  // namespace

bool NodeSelectorRequirement::Matches(const api::Labels& labels) const {
  auto it = labels.find(key);
  bool has = it != labels.end();
  if (op == "In") return has && Contains(values, it->second);
  if (op == "NotIn") return !has || !Contains(values, it->second);
  if (op == "Exists") return has;
  if (op == "DoesNotExist") return !has;
  if (op == "Gt" || op == "Lt") {
    int64_t have = 0, want = 0;
    if (!has || values.size() != 1 || !ParseInt(it->second, &have) || !ParseInt(values[0], &want)) return false;
    return op == "Gt" ? have > want : have < want;
  }
  return false;
}

bool NodeSelectorTerm::Matches(const api::Labels& labels, const std::string& node_name) const {
  if (!valid || (match_expressions.empty() && match_fields.empty())) return false;
  for (const auto& r : match_expressions) {
    if (!r.Matches(labels)) return false;
  }
  for (const auto& r : match_fields) {
    // Only metadata.name is a selectable node field, with In and NotIn.
    if (r.key != "metadata.name") return false;
    if (r.op == "In") {
      if (!Contains(r.values, node_name)) return false;
    } else if (r.op == "NotIn") {
      if (Contains(r.values, node_name)) return false;
    } else {
      return false;
    }
  }
  return true;
}

bool NodeSelector::Matches(const api::Labels& labels, const std::string& node_name) const {
  for (const auto& t : terms) {
    if (t.Matches(labels, node_name)) return true;
  }
  return false;
}

NodeSelectorTerm ParseNodeSelectorTerm(const boost::json::object& term) {
  NodeSelectorTerm t;
  t.match_expressions = ParseRequirements(term, "matchExpressions", &t.valid);
  t.match_fields = ParseRequirements(term, "matchFields", &t.valid);
  return t;
}

NodeSelector ParseNodeSelector(const boost::json::object& selector) {
  NodeSelector s;
  ForEachObject(&selector, "nodeSelectorTerms",
                [&](const boost::json::object& t) { s.terms.push_back(ParseNodeSelectorTerm(t)); });
  return s;
}

bool Toleration::Tolerates(const Taint& taint) const {
  if (!effect.empty() && effect != taint.effect) return false;
  if (key.empty()) return op == "Exists";  // an empty key with Exists tolerates everything
  if (key != taint.key) return false;
  if (op == "Exists") return true;
  return value == taint.value;  // "Equal", the default
}

bool AffinityTerm::Matches(const std::string& ns, const api::Labels& ns_labels, const api::Labels& labels) const {
  bool ns_ok = Contains(namespaces, ns) || (namespace_selector && namespace_selector->Matches(ns_labels));
  return ns_ok && selector.Matches(labels);
}

AffinityTerm AffinityTerm::WithNamespacesResolved(const std::vector<std::string>& names) const {
  AffinityTerm t = *this;
  for (const std::string& n : names) {
    if (!Contains(t.namespaces, n)) t.namespaces.push_back(n);
  }
  t.namespace_selector.reset();
  return t;
}

api::Labels LabelsFrom(const boost::json::object* map) {
  api::Labels out;
  if (map == nullptr) return out;
  for (const auto& [k, v] : *map) {
    if (const auto* s = v.if_string()) out.emplace(std::string(k), std::string(*s));
  }
  return out;
}

}  // namespace kubepp::scheduler::framework
