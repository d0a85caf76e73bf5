// The selectors a pod's spec uses to choose nodes and other pods, parsed once
// per pod: node selector terms (node affinity), tolerations against taints,
// pod affinity terms (inter-pod affinity) and topology spread constraints.
//
// Thread safety: immutable values once parsed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/labels/selector.h"

namespace kubepp::scheduler::framework {

// One nodeSelectorRequirement: In, NotIn, Exists, DoesNotExist, Gt, Lt.
struct NodeSelectorRequirement {
  std::string key;
  std::string op;
  std::vector<std::string> values;
  bool Matches(const api::Labels& labels) const;
};

// A nodeSelectorTerm: every expression on labels and every field
// (metadata.name) must match; a term with neither matches no node.
struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;
  std::vector<NodeSelectorRequirement> match_fields;  // key "metadata.name"
  bool valid = true;  // false: an unparsable term, which matches nothing
  bool Matches(const api::Labels& labels, const std::string& node_name) const;
};

// requiredDuringScheduling...: the terms are ORed.
struct NodeSelector {
  std::vector<NodeSelectorTerm> terms;
  bool Matches(const api::Labels& labels, const std::string& node_name) const;
};

struct PreferredSchedulingTerm {
  int32_t weight = 0;
  NodeSelectorTerm term;
};

NodeSelectorTerm ParseNodeSelectorTerm(const boost::json::object& term);
NodeSelector ParseNodeSelector(const boost::json::object& selector);

struct Taint {
  std::string key, value, effect;  // effect: NoSchedule, PreferNoSchedule, NoExecute
};

struct Toleration {
  std::string key, op, value, effect;  // op: "Equal" (default) or "Exists"
  bool Tolerates(const Taint& taint) const;
};

// A podAffinityTerm, with its namespaces resolved as upstream: no
// namespaces and no namespaceSelector means the pod's own namespace; a pod
// is in the term's scope when its namespace is listed or the namespace's
// labels match namespaceSelector (the union of both).
struct AffinityTerm {
  api::LabelSelector selector;
  std::vector<std::string> namespaces;
  // namespaceSelector: nullopt when absent (matches no namespace); an empty
  // selector matches every namespace.
  std::optional<api::LabelSelector> namespace_selector;
  std::string topology_key;
  // Whether a pod in namespace `ns`, whose labels are `labels`, is selected;
  // `ns_labels` are the labels of that namespace.
  bool Matches(const std::string& ns, const api::Labels& ns_labels, const api::Labels& labels) const;
  // A namespaceSelector that selects by labels: for an incoming pod it is
  // resolved to namespace names once per cycle (WithNamespacesResolved).
  bool SelectsNamespacesByLabel() const { return namespace_selector && !namespace_selector->Empty(); }
  // This term with the namespaces `names` (those namespaceSelector matches
  // now) added to `namespaces` and the selector dropped, as upstream's
  // mergeAffinityTermNamespacesIfNotEmpty.
  AffinityTerm WithNamespacesResolved(const std::vector<std::string>& names) const;
};

struct WeightedAffinityTerm {
  int32_t weight = 0;
  AffinityTerm term;
};

struct TopologySpreadConstraint {
  int32_t max_skew = 1;
  std::string topology_key;
  bool do_not_schedule = true;  // whenUnsatisfiable: DoNotSchedule vs ScheduleAnyway
  api::LabelSelector selector;
  int32_t min_domains = 1;
  bool honor_node_affinity = true;   // nodeAffinityPolicy Honor (default)
  bool honor_node_taints = false;    // nodeTaintsPolicy Ignore (default)
};

// Labels of an object's metadata.labels (or any string map).
api::Labels LabelsFrom(const boost::json::object* map);

}  // namespace kubepp::scheduler::framework
