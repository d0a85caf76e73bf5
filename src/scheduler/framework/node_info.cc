#include "scheduler/framework/node_info.h"

#include <algorithm>

#include "scheduler/framework/json_read.h"

namespace kubepp::scheduler::framework {

using boost::json::object;

NodeSpecPtr ParseNode(client::ObjectPtr node) {
  auto n = std::make_shared<NodeSpec>();
  const object* meta = ObjectAt(node.get(), "metadata");
  const object* spec = ObjectAt(node.get(), "spec");
  const object* status = ObjectAt(node.get(), "status");
  n->name = StringAt(meta, "name");
  n->labels = LabelsFrom(ObjectAt(meta, "labels"));
  n->unschedulable = BoolAt(spec, "unschedulable");
  ForEachObject(spec, "taints", [&](const object& t) {
    n->taints.push_back({std::string(StringAt(&t, "key")), std::string(StringAt(&t, "value")),
                         std::string(StringAt(&t, "effect"))});
  });
  n->allocatable = ResourceFromList(ObjectAt(status, "allocatable"));
  ForEachObject(status, "images", [&](const object& img) {
    int64_t size = IntAt(&img, "sizeBytes");
    if (const boost::json::array* names = ArrayAt(&img, "names")) {
      for (const auto& v : *names) {
        if (const auto* s = v.if_string()) n->image_sizes[std::string(*s)] = size;
      }
    }
  });
  n->object = std::move(node);
  return n;
}

const std::string& NodeInfo::name() const {
  static const std::string kEmpty;
  return node_ ? node_->name : kEmpty;
}

void NodeInfo::Account(const PodInfo& pod, int sign) {
  if (sign > 0) {
    requested_.Add(pod.requests);
  } else {
    requested_.Sub(pod.requests);
  }
  non_zero_milli_cpu_ += sign * pod.non_zero_milli_cpu;
  non_zero_memory_ += sign * pod.non_zero_memory;
  for (const HostPort& hp : pod.host_ports) {
    if (sign > 0) {
      used_ports_.push_back(hp);
    } else {
      auto it = std::find(used_ports_.begin(), used_ports_.end(), hp);
      if (it != used_ports_.end()) used_ports_.erase(it);
    }
  }
}

void NodeInfo::AddPod(PodInfoPtr pod) {
  Account(*pod, +1);
  if (pod->HasAffinity()) pods_with_affinity_.push_back(pod);
  if (pod->HasRequiredAntiAffinity()) pods_with_required_anti_affinity_.push_back(pod);
  pods_.push_back(std::move(pod));
}

namespace {
void EraseKey(std::vector<PodInfoPtr>& v, const std::string& key) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i]->key == key) {
      // Order of pods on a node does not matter: swap with the last.
      v[i] = std::move(v.back());
      v.pop_back();
      return;
    }
  }
}
}  // namespace

bool NodeInfo::RemovePod(const std::string& key) {
  for (size_t i = 0; i < pods_.size(); ++i) {
    if (pods_[i]->key != key) continue;
    Account(*pods_[i], -1);
    EraseKey(pods_with_affinity_, key);
    EraseKey(pods_with_required_anti_affinity_, key);
    pods_[i] = std::move(pods_.back());
    pods_.pop_back();
    return true;
  }
  return false;
}

bool NodeInfo::PortInUse(const HostPort& port) const {
  for (const HostPort& u : used_ports_) {
    if (u.port != port.port || u.protocol != port.protocol) continue;
    if (u.ip == port.ip || u.ip.empty() || port.ip.empty()) return true;
  }
  return false;
}

}  // namespace kubepp::scheduler::framework
