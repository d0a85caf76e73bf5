#include "kubelet/nodestatus/setters.h"

#include <algorithm>

#include "base/version.h"
#include "kubelet/nodestatus/allocatable.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet {
namespace json = boost::json;
namespace {

json::object& StatusOf(json::object& node) { return MutableObject(node, "status"); }

// nodeInfo with every field upstream always serializes, in its order.
json::object& NodeInfo(json::object& node) {
  json::object& info = MutableObject(StatusOf(node), "nodeInfo");
  for (std::string_view key : {"machineID", "systemUUID", "bootID", "kernelVersion", "osImage",
                               "containerRuntimeVersion", "kubeletVersion", "kubeProxyVersion", "operatingSystem",
                               "architecture"}) {
    if (!info.contains(key)) info[key] = "";
  }
  return info;
}

}  // namespace

Status SetNodeAddresses(json::object& node, const StatusOr<std::string>& node_ip, std::string_view hostname) {
  if (!node_ip.ok()) return node_ip.status();
  StatusOf(node)["addresses"] = json::array{json::object{{"type", "InternalIP"}, {"address", *node_ip}},
                                          json::object{{"type", "Hostname"}, {"address", hostname}}};
  return Status::Ok();
}

void SetMachineInfo(json::object& node, const NodeConfig& config, const MachineInfo& info,
                    const EventSink& events) {
  json::object& info_json = NodeInfo(node);
  info_json["machineID"] = info.machine_id;
  info_json["systemUUID"] = info.system_uuid;
  std::string_view old_boot = StringIn(&info_json, "bootID");
  if (!old_boot.empty() && old_boot != info.boot_id && events) {
    std::string name(StringIn(ObjectIn(&node, "metadata"), "name"));
    events("Warning", "NodeRebooted", "Node " + name + " has been rebooted, boot id: " + info.boot_id);
  }
  NodeInfo(node)["bootID"] = info.boot_id;

  // Capacity: the machine's resources over whatever is there (extended
  // resources advertised by others stay).
  ResourceList machine = MachineCapacity(info, config);
  ResourceList capacity;
  json::object& status = StatusOf(node);
  if (const json::object* old = ObjectIn(&status, "capacity")) {
    for (const auto& member : *old) {
      if (!member.value().is_string()) continue;
      auto q = api::Quantity::Parse(member.value().get_string());
      if (q.ok()) capacity[std::string(member.key())] = *q;
    }
  }
  for (const auto& [name, q] : machine) capacity[name] = q;

  ResourceList allocatable = Allocatable(capacity, AllocatableReservation(capacity, config));
  json::object capacity_json, allocatable_json;
  for (const auto& [name, q] : capacity) capacity_json[name] = q.String();
  // Allocatable of extended resources that left capacity goes too; any
  // other allocatable entry is recomputed from capacity.
  if (const json::object* old = ObjectIn(&status, "allocatable")) {
    for (const auto& member : *old) {
      std::string name(member.key());
      if (!capacity.contains(name) && !IsExtendedResourceName(name)) allocatable_json[name] = member.value();
    }
  }
  for (const auto& [name, q] : allocatable) allocatable_json[name] = q.String();
  status["capacity"] = std::move(capacity_json);
  StatusOf(node)["allocatable"] = std::move(allocatable_json);
}

void SetVersionInfo(json::object& node, const MachineInfo& info, const RuntimeVersion& runtime) {
  json::object& nodeinfo = NodeInfo(node);
  nodeinfo["kernelVersion"] = info.kernel_version;
  nodeinfo["osImage"] = info.os_image;
  nodeinfo["containerRuntimeVersion"] =
      runtime.type + "://" + (runtime.version.empty() ? std::string("Unknown") : runtime.version);
  nodeinfo["kubeletVersion"] = version::kGitVersion;
  nodeinfo["kubeProxyVersion"] = version::kGitVersion;
}

void SetDaemonEndpoints(json::object& node, int kubelet_port) {
  StatusOf(node)["daemonEndpoints"] = json::object{{"kubeletEndpoint", json::object{{"Port", kubelet_port}}}};
}

Status SetImages(json::object& node, int max_images, const StatusOr<std::vector<ContainerImage>>& images) {
  json::object& status = StatusOf(node);
  if (!images.ok()) {
    status.erase("images");
    return Status::Internal("error getting image list: " + images.status().message());
  }
  std::vector<ContainerImage> sorted = *images;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ContainerImage& a, const ContainerImage& b) { return a.size_bytes > b.size_bytes; });
  if (max_images > -1 && static_cast<size_t>(max_images) < sorted.size()) sorted.resize(max_images);
  json::array out;
  for (const auto& image : sorted) {
    json::array names;
    for (const auto* list : {&image.repo_digests, &image.repo_tags}) {
      for (const auto& n : *list) {
        if (names.size() < kMaxNamesPerImageInNodeStatus) names.push_back(json::string(n));
      }
    }
    json::object entry;
    if (!names.empty()) entry["names"] = std::move(names);
    entry["sizeBytes"] = image.size_bytes;
    out.push_back(std::move(entry));
  }
  if (out.empty()) {
    status.erase("images");
  } else {
    status["images"] = std::move(out);
  }
  return Status::Ok();
}

void SetOperatingSystem(json::object& node, std::string_view architecture) {
  json::object& nodeinfo = NodeInfo(node);
  nodeinfo["operatingSystem"] = "linux";
  nodeinfo["architecture"] = architecture;
}

}  // namespace kubepp::kubelet
