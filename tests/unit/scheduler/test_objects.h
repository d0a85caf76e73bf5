// Builders of pod and node JSON for the scheduler's unit tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "base/clock.h"
#include "client/object.h"
#include "scheduler/framework/node_info.h"
#include "scheduler/framework/pod_info.h"

namespace kubepp::scheduler::testing {

// A clock that moves only when told, for code that reads Now() and never waits.
class ManualClock : public Clock {
 public:
  TimePoint Now() const override { return now_; }
  void WaitUntil(std::unique_lock<std::mutex>&, std::condition_variable&, TimePoint, const std::function<bool()>&) override {}
  void Advance(Duration d) { now_ += d; }

 private:
  TimePoint now_ = TimePoint(std::chrono::seconds(1767225600));
};

struct PodBuilder {
  boost::json::object obj;
  explicit PodBuilder(std::string name, std::string ns = "default") {
    obj = {{"apiVersion", "v1"},
           {"kind", "Pod"},
           {"metadata", {{"name", name}, {"namespace", ns}, {"uid", "uid-" + name},
                         {"creationTimestamp", "2026-01-01T00:00:00Z"}}},
           {"spec", {{"containers", boost::json::array{{{"name", "c"}, {"image", "busybox"}}}}}}};
  }
  boost::json::object& spec() { return obj["spec"].as_object(); }
  boost::json::object& meta() { return obj["metadata"].as_object(); }
  boost::json::object& container() { return spec()["containers"].as_array()[0].as_object(); }
  PodBuilder& Req(std::string cpu, std::string mem = "") {
    boost::json::object r;
    if (!cpu.empty()) r["cpu"] = cpu;
    if (!mem.empty()) r["memory"] = mem;
    container()["resources"] = boost::json::object{{"requests", r}};
    return *this;
  }
  PodBuilder& Label(std::string k, std::string v) {
    meta()["labels"].emplace_object()[k] = v;  // NOLINT: rebuilt below
    return *this;
  }
  PodBuilder& Labels(std::vector<std::pair<std::string, std::string>> kv) {
    boost::json::object l;
    for (auto& [k, v] : kv) l[k] = v;
    meta()["labels"] = l;
    return *this;
  }
  PodBuilder& Node(std::string n) {
    spec()["nodeName"] = n;
    return *this;
  }
  PodBuilder& Priority(int p) {
    spec()["priority"] = p;
    return *this;
  }
  PodBuilder& HostPort(int port) {
    container()["ports"] = boost::json::array{{{"containerPort", port}, {"hostPort", port}}};
    return *this;
  }
  PodBuilder& Spec(std::string key, boost::json::value v) {
    spec()[key] = std::move(v);
    return *this;
  }
  client::ObjectPtr Object() const { return std::make_shared<const boost::json::object>(obj); }
  framework::PodInfoPtr Info() const { return framework::ParsePod(Object()); }
};

struct NodeBuilder {
  boost::json::object obj;
  explicit NodeBuilder(std::string name, std::string cpu = "4", std::string mem = "8Gi", std::string pods = "110") {
    obj = {{"apiVersion", "v1"},
           {"kind", "Node"},
           {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
           {"spec", boost::json::object{}},
           {"status", {{"allocatable", {{"cpu", cpu}, {"memory", mem}, {"pods", pods}}}}}};
  }
  NodeBuilder& Label(std::string k, std::string v) {
    obj["metadata"].as_object()["labels"].as_object()[k] = v;
    return *this;
  }
  NodeBuilder& Taint(std::string k, std::string v, std::string effect) {
    auto& spec = obj["spec"].as_object();
    if (!spec.contains("taints")) spec["taints"] = boost::json::array{};
    spec["taints"].as_array().push_back(boost::json::object{{"key", k}, {"value", v}, {"effect", effect}});
    return *this;
  }
  NodeBuilder& Unschedulable() {
    obj["spec"].as_object()["unschedulable"] = true;
    return *this;
  }
  NodeBuilder& Image(std::string name, int64_t size) {
    auto& st = obj["status"].as_object();
    if (!st.contains("images")) st["images"] = boost::json::array{};
    st["images"].as_array().push_back(boost::json::object{{"names", boost::json::array{name}}, {"sizeBytes", size}});
    return *this;
  }
  client::ObjectPtr Object() const { return std::make_shared<const boost::json::object>(obj); }
  framework::NodeSpecPtr Spec() const { return framework::ParseNode(Object()); }
};

}  // namespace kubepp::scheduler::testing
