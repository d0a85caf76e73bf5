#include "scheduler/plugins/volumebinding/volume_binding.h"

#include <string>
#include <vector>

#include "scheduler/framework/json_read.h"
#include "scheduler/framework/selectors.h"
#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::volumebinding {

using namespace framework;  // NOLINT

namespace {

constexpr std::string_view kStateKey = "PreFilterVolumeBinding";

// What PreFilter found for Filter: the node affinity of each bound volume that has one, and
// whether an unbound claim waits for a volume that no node offers.
struct State : StateData {
  std::vector<NodeSelector> volume_affinities;
  bool unbound_delayed = false;
  std::unique_ptr<StateData> Clone() const override { return std::make_unique<State>(*this); }
};

// The claims the pod's volumes name, in order.
std::vector<std::string> ClaimNames(const PodInfo& pod) {
  std::vector<std::string> names;
  const boost::json::object* spec = ObjectAt(pod.object.get(), "spec");
  const boost::json::array* volumes = ArrayAt(spec, "volumes");
  if (volumes == nullptr) return names;
  for (const auto& v : *volumes) {
    const boost::json::object* volume = v.if_object();
    if (volume == nullptr) continue;
    if (const boost::json::object* claim = ObjectAt(volume, "persistentVolumeClaim")) {
      names.emplace_back(StringAt(claim, "claimName"));
    } else if (ObjectAt(volume, "ephemeral") != nullptr) {
      names.push_back(pod.name + "-" + std::string(StringAt(volume, "name")));
    }
  }
  return names;
}

bool WaitsForFirstConsumer(const Handle& handle, const boost::json::object& claim) {
  std::string_view class_name = StringAt(ObjectAt(&claim, "spec"), "storageClassName");
  if (class_name.empty() || !handle.get_storage_class) return false;
  client::ObjectPtr sc = handle.get_storage_class(class_name);
  return sc != nullptr && StringAt(sc.get(), "volumeBindingMode") == "WaitForFirstConsumer";
}

}  // namespace

std::string_view VolumeBinding::Name() const { return kVolumeBinding; }

PluginStatus VolumeBinding::PreFilter(CycleState& state, const PodInfo& pod, PreFilterResult*) {
  std::vector<std::string> claims = ClaimNames(pod);
  if (claims.empty()) return PluginStatus(Code::kSkip, "");
  auto found = std::make_unique<State>();
  bool unbound_immediate = false;
  for (const std::string& name : claims) {
    client::ObjectPtr claim = handle_.get_pvc ? handle_.get_pvc(pod.ns, name) : nullptr;
    if (claim == nullptr) {
      return PluginStatus(Code::kUnschedulableAndUnresolvable,
                          "persistentvolumeclaim \"" + name + "\" not found");
    }
    if (ObjectAt(claim.get(), "metadata") != nullptr &&
        ObjectAt(claim.get(), "metadata")->contains("deletionTimestamp")) {
      return PluginStatus(Code::kUnschedulableAndUnresolvable,
                          "persistentvolumeclaim \"" + name + "\" is being deleted");
    }
    std::string_view volume_name = StringAt(ObjectAt(claim.get(), "spec"), "volumeName");
    if (volume_name.empty()) {
      if (WaitsForFirstConsumer(handle_, *claim)) {
        found->unbound_delayed = true;
      } else {
        unbound_immediate = true;
      }
      continue;
    }
    client::ObjectPtr volume = handle_.get_pv ? handle_.get_pv(volume_name) : nullptr;
    if (volume == nullptr)
      return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonPVNotExist));
    const boost::json::object* required =
        ObjectAt(ObjectAt(ObjectAt(volume.get(), "spec"), "nodeAffinity"), "required");
    if (required != nullptr) found->volume_affinities.push_back(ParseNodeSelector(*required));
  }
  if (unbound_immediate) {
    return PluginStatus(Code::kUnschedulableAndUnresolvable,
                        std::string(kErrReasonUnboundImmediate));
  }
  state.Write(kStateKey, std::move(found));
  return {};
}

PluginStatus VolumeBinding::Filter(const CycleState& state, const PodInfo&,
                                   const NodeInfo& node) const {
  const State* found = state.Read<State>(kStateKey);
  if (found == nullptr) return {};
  const NodeSpec& spec = *node.node();
  for (const NodeSelector& affinity : found->volume_affinities) {
    if (!affinity.Matches(spec.labels, spec.name)) {
      return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonNodeConflict));
    }
  }
  if (found->unbound_delayed) {
    return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonBindConflict));
  }
  return {};
}

std::vector<ClusterEvent> VolumeBinding::EventsToRegister() const {
  return {
      {EventResource::kPersistentVolumeClaim, kAdd | kUpdate, "PersistentVolumeClaimAddOrUpdate"},
      {EventResource::kPersistentVolume, kAdd | kUpdate, "PersistentVolumeAddOrUpdate"},
      {EventResource::kStorageClass, kAdd | kUpdate, "StorageClassAddOrUpdate"},
      {EventResource::kNode, kAdd | kUpdateNodeLabel, "NodeAddOrLabelChange"}};
}

std::unique_ptr<Plugin> New(const boost::json::object&, Handle& handle) {
  return std::make_unique<VolumeBinding>(handle);
}

}  // namespace kubepp::scheduler::plugins::volumebinding
