// Which nodes a DaemonSet runs on (upstream's NodeShouldRunDaemonPod): the
// pod template's nodeName (when set), nodeSelector and required node
// affinity must match the node, and the node's NoSchedule/NoExecute taints
// must be tolerated — by the template's tolerations plus the defaults every
// daemon pod gets, so daemons keep running on not-ready, unreachable,
// cordoned or pressured nodes. A pod already running on a node whose
// NoSchedule taints it does not tolerate may stay (should_continue) as long
// as it tolerates the NoExecute ones.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kubepp::controllers::daemon {

struct NodeFit {
  bool should_run = false;       // a daemon pod belongs here
  bool should_continue = false;  // an existing daemon pod may stay here
};

// Adds upstream's default daemon tolerations (not-ready and unreachable:
// NoExecute; disk-, memory-, pid-pressure and unschedulable: NoSchedule;
// network-unavailable: NoSchedule for hostNetwork pods) to a pod spec, each
// with operator Exists, unless an equal toleration is present.
void AddDaemonTolerations(boost::json::object& pod_spec);

// Pins a pod spec to `node`: its required node affinity becomes the single
// term matchFields metadata.name In [node], as upstream does; the scheduler binds it.
void PinToNode(boost::json::object& pod_spec, std::string_view node);

// The node a daemon pod is for: spec.nodeName, else its pinned affinity term.
std::string TargetNodeName(const boost::json::object& pod);

// Whether `toleration` tolerates `taint` (both JSON objects of core/v1).
bool Tolerates(const boost::json::object& toleration, const boost::json::object& taint);
// Whether a node matches a NodeSelector's terms (OR of terms, AND within one).
bool MatchesNodeSelectorTerms(const boost::json::array& terms, const boost::json::object& node);

NodeFit NodeShouldRunDaemonPod(const boost::json::object& node, const boost::json::object& ds);

}  // namespace kubepp::controllers::daemon
