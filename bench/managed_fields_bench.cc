// managed_fields_bench: the cost of metadata.managedFields bookkeeping on the
// apiserver's write path, in-process (no server, no store), for a ~3 KiB
// pod as a ReplicaSet creates it and as its kubelet then reports status:
//   create       an Update entry from nothing for a pod like the last one
//                (a ReplicaSet's next pod: the entry is remembered by shape)
//   create_new_shape  the same for a pod of a shape not seen before (its
//                labels differ), which works the entry out
//   status       a status write over the created pod (a kubelet's update)
//   noop_update  an update that changes nothing (informer round trips)
//   apply_create / reapply  server-side apply of a Deployment, then again unchanged
// Every figure is one line "managedfields <metric> <value> <unit>": the mean
// CPU time per operation over many runs (copying the object, which every
// write does anyway, included; copy_object_us is that part alone), and the
// bytes managedFields add.
#include <boost/json.hpp>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "api/managedfields/field_manager.h"
#include "sample_pod.h"

namespace kubepp::bench {
namespace {

namespace json = boost::json;
namespace mf = api::managedfields;

constexpr const char* kDeployment = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"bench",
"labels":{"app":"web"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
"spec":{"containers":[{"name":"web","image":"nginx:1.25","ports":[{"containerPort":80}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
"resources":{"requests":{"cpu":"100m"}}}]}}}})";

// CPU time of this thread: other processes on the machine do not inflate it.
double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double MeanMicros(int runs, const std::function<void()>& op) {
  double start = ThreadCpuMicros();
  for (int i = 0; i < runs; ++i) op();
  return (ThreadCpuMicros() - start) / runs;
}

void Print(const char* metric, double value, const char* unit) {
  std::printf("managedfields %s %.2f %s\n", metric, value, unit);
}

int Run() {
  auto pods = mf::FieldManager::Create("", "v1", "Pod", "", true);
  auto pod_status = mf::FieldManager::Create("", "v1", "Pod", "status", true);
  auto deployments = mf::FieldManager::Create("apps", "v1", "Deployment", "", true);
  const json::object pod = json::parse(kPod).as_object();
  const int runs = 2000;

  json::object created;
  Print("create_us", MeanMicros(runs, [&] {
          created = pod;
          pods->Update(nullptr, created, "kube-controller-manager");
        }), "us");
  int shape = 0;
  const auto fresh_shapes = [&] {
    json::object next = pod;
    next["metadata"].as_object()["labels"].as_object()["shape"] = std::to_string(++shape);
    return next;
  };
  std::vector<json::object> shapes;
  for (int i = 0; i < runs; ++i) shapes.push_back(fresh_shapes());
  size_t next_shape = 0;
  Print("create_new_shape_us",
        MeanMicros(runs,
                   [&] {
                     created = shapes[next_shape++];
                     pods->Update(nullptr, created, "kube-controller-manager");
                   }),
        "us");
  Print("create_added_bytes",
        static_cast<double>(json::serialize(created).size() - json::serialize(pod).size()), "bytes");

  json::object reported;
  Print("status_us", MeanMicros(runs, [&] {
          reported = created;
          reported["status"] = json::parse(kStatus);
          pod_status->Update(&created, reported, "kubelet");
        }), "us");
  Print("status_added_bytes",
        static_cast<double>(json::serialize(reported).size() - json::serialize(created).size() -
                            (json::serialize(json::parse(kStatus)).size() - 43)),
        "bytes");

  json::object same;
  Print("copy_object_us", MeanMicros(runs, [&] { same = reported; }), "us");
  Print("noop_update_us", MeanMicros(runs, [&] {
          same = reported;
          pods->Update(&reported, same, "kube-controller-manager");
        }), "us");

  const json::object config = json::parse(kDeployment).as_object();
  json::object live;
  Print("apply_create_us", MeanMicros(runs / 4, [&] {
          live = *deployments->Apply(nullptr, config, "kubectl", false);
        }), "us");
  live["metadata"].as_object()["uid"] = "u";
  Print("reapply_us", MeanMicros(runs / 4, [&] { (void)deployments->Apply(&live, config, "kubectl", false); }), "us");
  return 0;
}

}  // namespace
}  // namespace kubepp::bench

int main() { return kubepp::bench::Run(); }
