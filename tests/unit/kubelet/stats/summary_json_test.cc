// The Summary API's JSON: upstream's field names and order, empty optionals
// left out, unset times null, pretty-printed as go-restful does it.
#include "kubelet/stats/summary_json.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "kubelet/stats/go_json_indent.h"

namespace kubepp::kubelet::stats {
namespace {

namespace json = boost::json;

Time T(int64_t seconds) { return Time{std::chrono::seconds(seconds)}; }

std::vector<std::string> Keys(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& kv : v.as_object()) out.emplace_back(kv.key());
  return out;
}

Summary Sample() {
  Summary s;
  NodeStats& n = s.node;
  n.node_name = "node-1";
  n.start_time = T(1767225600);
  n.cpu = CpuStats{T(1767225700), 250000000, 123456789000};
  n.memory = MemoryStats{T(1767225700), 1000, 5000, 4000, 3000, 20, 1};
  n.network = NetworkStats{
      T(1767225700), InterfaceStats{"eth0", 1, 0, 2, 0}, {InterfaceStats{"eth0", 1, 0, 2, 0}}};
  n.fs = FsStats{T(1767225700), 10, 100, 90, 5, 50, 45};
  n.runtime = RuntimeStats{FsStats{T(1767225699), 10, 100, 30, 5, 50, 7},
                           FsStats{T(1767225699), 10, 100, 30, 5, 50, 7}};
  n.rlimit = RlimitStats{T(1767225700), 32768, 412};
  ContainerStats pods_sys;
  pods_sys.name = "pods";
  pods_sys.start_time = T(1767225601);
  pods_sys.cpu = CpuStats{T(1767225700), std::nullopt, 42};
  pods_sys.memory =
      MemoryStats{T(1767225700), std::nullopt, 10, 8, std::nullopt, std::nullopt, std::nullopt};
  n.system_containers.push_back(pods_sys);

  PodStats p;
  p.pod_ref = PodReference{"web", "default", "uid-1"};
  p.start_time = T(1767225650);
  ContainerStats c;
  c.name = "app";
  c.start_time = T(1767225651);
  c.cpu = CpuStats{T(1767225700), 100, 200};
  c.memory = MemoryStats{T(1767225700), std::nullopt, std::nullopt, 4096,
                         std::nullopt,  std::nullopt, std::nullopt};
  c.rootfs = FsStats{T(1767225700), 10, 100, 8192, 5, 50, 3};
  c.logs = FsStats{T(1767225700), 10, 100, std::nullopt, 5, 50, std::nullopt};
  c.swap = SwapStats{T(1767225700), 0, 0};
  p.containers.push_back(c);
  p.cpu = CpuStats{T(1767225700), 100, 200};
  VolumeStats v;
  v.name = "data";
  v.fs = FsStats{T(1767225690), 10, 100, 4096, 5, 50, 2};
  p.volumes.push_back(v);
  p.ephemeral_storage = FsStats{T(1767225700), 10, 100, 12288, 5, 50, 5};
  p.process_stats = ProcessStats{2};
  s.pods.push_back(p);
  return s;
}

TEST(SummaryJsonTest, FieldsInUpstreamOrder) {
  json::value v = SummaryToJson(Sample());
  EXPECT_EQ(Keys(v), (std::vector<std::string>{"node", "pods"}));
  const json::value& node = v.at("node");
  EXPECT_EQ(Keys(node),
            (std::vector<std::string>{"nodeName", "systemContainers", "startTime", "cpu", "memory",
                                      "network", "fs", "runtime", "rlimit"}));
  EXPECT_EQ(node.at("startTime"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(Keys(node.at("cpu")),
            (std::vector<std::string>{"time", "usageNanoCores", "usageCoreNanoSeconds"}));
  EXPECT_EQ(node.at("cpu").at("usageCoreNanoSeconds").to_number<uint64_t>(), 123456789000u);
  EXPECT_EQ(Keys(node.at("memory")),
            (std::vector<std::string>{"time", "availableBytes", "usageBytes", "workingSetBytes",
                                      "rssBytes", "pageFaults", "majorPageFaults"}));
  // The default interface is inline; the list follows.
  EXPECT_EQ(Keys(node.at("network")),
            (std::vector<std::string>{"time", "name", "rxBytes", "rxErrors", "txBytes", "txErrors",
                                      "interfaces"}));
  EXPECT_EQ(Keys(node.at("fs")),
            (std::vector<std::string>{"time", "availableBytes", "capacityBytes", "usedBytes",
                                      "inodesFree", "inodes", "inodesUsed"}));
  EXPECT_EQ(Keys(node.at("runtime")), (std::vector<std::string>{"imageFs", "containerFs"}));
  EXPECT_EQ(Keys(node.at("rlimit")), (std::vector<std::string>{"time", "maxpid", "curproc"}));
  // Optional parts a system container lacks are left out.
  EXPECT_EQ(Keys(node.at("systemContainers").at(0)),
            (std::vector<std::string>{"name", "startTime", "cpu", "memory"}));
  EXPECT_EQ(Keys(node.at("systemContainers").at(0).at("cpu")),
            (std::vector<std::string>{"time", "usageCoreNanoSeconds"}));

  const json::value& pod = v.at("pods").at(0);
  EXPECT_EQ(Keys(pod), (std::vector<std::string>{"podRef", "startTime", "containers", "cpu",
                                                 "volume", "ephemeral-storage", "process_stats"}));
  EXPECT_EQ(pod.at("podRef"), json::parse(R"({"name":"web","namespace":"default","uid":"uid-1"})"));
  EXPECT_EQ(
      Keys(pod.at("containers").at(0)),
      (std::vector<std::string>{"name", "startTime", "cpu", "memory", "rootfs", "logs", "swap"}));
  EXPECT_EQ(Keys(pod.at("containers").at(0).at("logs")),
            (std::vector<std::string>{"time", "availableBytes", "capacityBytes", "inodesFree",
                                      "inodes"}));
  EXPECT_EQ(Keys(pod.at("containers").at(0).at("swap")),
            (std::vector<std::string>{"time", "swapAvailableBytes", "swapUsageBytes"}));
  // A volume's filesystem figures are inline, its name after them.
  EXPECT_EQ(Keys(pod.at("volume").at(0)),
            (std::vector<std::string>{"time", "availableBytes", "capacityBytes", "usedBytes",
                                      "inodesFree", "inodes", "inodesUsed", "name"}));
  EXPECT_EQ(pod.at("process_stats"), json::parse(R"({"process_count":2})"));
}

TEST(SummaryJsonTest, UnsetTimesAreNullAndEmptyListsStay) {
  Summary s;
  s.node.node_name = "n";
  json::value v = SummaryToJson(s);
  EXPECT_EQ(v, json::parse(R"({"node":{"nodeName":"n","startTime":null},"pods":[]})"));
  PodStats p;  // a pod's containers are listed even when empty
  s.pods.push_back(p);
  v = SummaryToJson(s);
  EXPECT_EQ(v.at("pods").at(0),
            json::parse(R"({"podRef":{"name":"","namespace":"","uid":""},"startTime":null,
                                                 "containers":[]})"));
  NetworkStats no_default;
  no_default.time = T(1767225600);
  s.node.network = no_default;
  EXPECT_EQ(SummaryToJson(s).at("node").at("network"),
            json::parse(R"({"time":"2026-01-01T00:00:00Z","name":""})"));
}

TEST(SummaryJsonTest, IndentedLikeGo) {
  json::value v = json::parse(R"({"a":{"b":[1,{"c":"x<y&z>"}],"e":{},"f":[]},"g":null})");
  EXPECT_EQ(GoIndentedJson(v),
            "{\n"
            " \"a\": {\n"
            "  \"b\": [\n"
            "   1,\n"
            "   {\n"
            "    \"c\": \"x\\u003cy\\u0026z\\u003e\"\n"
            "   }\n"
            "  ],\n"
            "  \"e\": {},\n"
            "  \"f\": []\n"
            " },\n"
            " \"g\": null\n"
            "}");
  // Indentation changes nothing but whitespace.
  json::value summary = SummaryToJson(Sample());
  EXPECT_EQ(json::parse(GoIndentedJson(summary)), summary);
}

}  // namespace
}  // namespace kubepp::kubelet::stats
