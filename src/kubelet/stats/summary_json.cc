#include "kubelet/stats/summary_json.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "client/time_format.h"

namespace kubepp::kubelet::stats {
namespace {

namespace json = boost::json;

json::value TimeValue(Time t) {
  if (t == Time{}) return nullptr;
  return json::value(client::FormatTime(t));
}

template <typename T>
void Put(json::object& o, const char* key, const std::optional<T>& v) {
  if (v) o[key] = *v;
}

json::object Cpu(const CpuStats& s) {
  json::object o;
  o["time"] = TimeValue(s.time);
  Put(o, "usageNanoCores", s.usage_nano_cores);
  Put(o, "usageCoreNanoSeconds", s.usage_core_nano_seconds);
  return o;
}

json::object Memory(const MemoryStats& s) {
  json::object o;
  o["time"] = TimeValue(s.time);
  Put(o, "availableBytes", s.available_bytes);
  Put(o, "usageBytes", s.usage_bytes);
  Put(o, "workingSetBytes", s.working_set_bytes);
  Put(o, "rssBytes", s.rss_bytes);
  Put(o, "pageFaults", s.page_faults);
  Put(o, "majorPageFaults", s.major_page_faults);
  return o;
}

json::object Swap(const SwapStats& s) {
  json::object o;
  o["time"] = TimeValue(s.time);
  Put(o, "swapAvailableBytes", s.swap_available_bytes);
  Put(o, "swapUsageBytes", s.swap_usage_bytes);
  return o;
}

void PutInterface(json::object& o, const InterfaceStats& s) {
  o["name"] = s.name;
  Put(o, "rxBytes", s.rx_bytes);
  Put(o, "rxErrors", s.rx_errors);
  Put(o, "txBytes", s.tx_bytes);
  Put(o, "txErrors", s.tx_errors);
}

json::object Network(const NetworkStats& s) {
  json::object o;
  o["time"] = TimeValue(s.time);
  PutInterface(o, s.default_interface);
  if (!s.interfaces.empty()) {
    json::array interfaces;
    for (const auto& i : s.interfaces) {
      json::object one;
      PutInterface(one, i);
      interfaces.push_back(std::move(one));
    }
    o["interfaces"] = std::move(interfaces);
  }
  return o;
}

void PutFs(json::object& o, const FsStats& s) {
  o["time"] = TimeValue(s.time);
  Put(o, "availableBytes", s.available_bytes);
  Put(o, "capacityBytes", s.capacity_bytes);
  Put(o, "usedBytes", s.used_bytes);
  Put(o, "inodesFree", s.inodes_free);
  Put(o, "inodes", s.inodes);
  Put(o, "inodesUsed", s.inodes_used);
}

json::object Fs(const FsStats& s) {
  json::object o;
  PutFs(o, s);
  return o;
}

json::object Container(const ContainerStats& s) {
  json::object o;
  o["name"] = s.name;
  o["startTime"] = TimeValue(s.start_time);
  if (s.cpu) o["cpu"] = Cpu(*s.cpu);
  if (s.memory) o["memory"] = Memory(*s.memory);
  if (s.rootfs) o["rootfs"] = Fs(*s.rootfs);
  if (s.logs) o["logs"] = Fs(*s.logs);
  if (s.swap) o["swap"] = Swap(*s.swap);
  return o;
}

json::array Containers(const std::vector<ContainerStats>& containers) {
  json::array a;
  for (const auto& c : containers) a.push_back(Container(c));
  return a;
}

json::object Volume(const VolumeStats& v) {
  json::object o;
  PutFs(o, v.fs);
  if (!v.name.empty()) o["name"] = v.name;
  if (v.pvc_ref)
    o["pvcRef"] = json::object{{"name", v.pvc_ref->name}, {"namespace", v.pvc_ref->ns}};
  return o;
}

json::object Pod(const PodStats& p) {
  json::object o;
  o["podRef"] =
      json::object{{"name", p.pod_ref.name}, {"namespace", p.pod_ref.ns}, {"uid", p.pod_ref.uid}};
  o["startTime"] = TimeValue(p.start_time);
  o["containers"] = Containers(p.containers);
  if (p.cpu) o["cpu"] = Cpu(*p.cpu);
  if (p.memory) o["memory"] = Memory(*p.memory);
  if (p.network) o["network"] = Network(*p.network);
  if (!p.volumes.empty()) {
    json::array volumes;
    for (const auto& v : p.volumes) volumes.push_back(Volume(v));
    o["volume"] = std::move(volumes);
  }
  if (p.ephemeral_storage) o["ephemeral-storage"] = Fs(*p.ephemeral_storage);
  if (p.process_stats) {
    json::object ps;
    Put(ps, "process_count", p.process_stats->process_count);
    o["process_stats"] = std::move(ps);
  }
  if (p.swap) o["swap"] = Swap(*p.swap);
  return o;
}

json::object Node(const NodeStats& n) {
  json::object o;
  o["nodeName"] = n.node_name;
  if (!n.system_containers.empty()) o["systemContainers"] = Containers(n.system_containers);
  o["startTime"] = TimeValue(n.start_time);
  if (n.cpu) o["cpu"] = Cpu(*n.cpu);
  if (n.memory) o["memory"] = Memory(*n.memory);
  if (n.network) o["network"] = Network(*n.network);
  if (n.fs) o["fs"] = Fs(*n.fs);
  if (n.runtime) {
    json::object r;
    if (n.runtime->image_fs) r["imageFs"] = Fs(*n.runtime->image_fs);
    if (n.runtime->container_fs) r["containerFs"] = Fs(*n.runtime->container_fs);
    o["runtime"] = std::move(r);
  }
  if (n.rlimit) {
    json::object r;
    r["time"] = TimeValue(n.rlimit->time);
    Put(r, "maxpid", n.rlimit->max_pid);
    Put(r, "curproc", n.rlimit->running_processes);
    o["rlimit"] = std::move(r);
  }
  if (n.swap) o["swap"] = Swap(*n.swap);
  return o;
}

}  // namespace

json::object SummaryToJson(const Summary& summary) {
  json::object o;
  o["node"] = Node(summary.node);
  json::array pods;
  for (const auto& p : summary.pods) pods.push_back(Pod(p));
  o["pods"] = std::move(pods);
  return o;
}

std::string SummaryJsonText(const Summary& summary) {
  return json::serialize(SummaryToJson(summary));
}

}  // namespace kubepp::kubelet::stats
