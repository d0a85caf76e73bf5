// table_rows_bench: the apiserver's CPU cost per row of a Table LIST (what
// `kubectl get pods` asks for), in-process, from stored pods as a LIST reads
// them: a ~3 KiB pod with its status and the managedFields that the
// controller manager's create and the kubelet's status write leave (about
// 7 KiB stored). Figures, each "tablerows <metric> <value> <unit>", are the
// median over rounds of the thread CPU time per row:
//   row_us             rows as kubectl gets them: only the members the pod
//                      printer reads are parsed, the metadata is copied as stored
//   row_whole_object_us rows with includeObject=Object (the whole object parsed)
//   json_item_us       the same object as an item of a JSON LIST, for scale
#include <time.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "api/codec/codec.h"
#include "api/managedfields/field_manager.h"
#include "api/resources/catalog.h"
#include "apiserver/table_writer.h"
#include "sample_pod.h"

namespace kubepp::bench {
namespace {

namespace json = boost::json;

double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// The median over `rounds` of the CPU time per item of `op` over all items.
double MedianMicrosPerItem(int rounds, size_t items, const std::function<void()>& op) {
  std::vector<double> per_item;
  for (int r = 0; r < rounds; ++r) {
    double start = ThreadCpuMicros();
    op();
    per_item.push_back((ThreadCpuMicros() - start) / static_cast<double>(items));
  }
  std::sort(per_item.begin(), per_item.end());
  return per_item[per_item.size() / 2];
}

void Print(const char* metric, double value, const char* unit) {
  std::printf("tablerows %s %.2f %s\n", metric, value, unit);
}

// Stored pods that differ in name, as the store holds them.
std::vector<std::string> StoredPods(size_t n) {
  auto pods = api::managedfields::FieldManager::Create("", "v1", "Pod", "", true);
  auto status = api::managedfields::FieldManager::Create("", "v1", "Pod", "status", true);
  json::object created = json::parse(kPod).as_object();
  pods->Update(nullptr, created, "kube-controller-manager");
  json::object reported = created;
  reported["status"] = json::parse(kStatus);
  status->Update(&created, reported, "kubelet");
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    reported["metadata"].as_object()["name"] = "web-5d4f8c7b9-" + std::to_string(i);
    out.push_back(json::serialize(reported));
  }
  return out;
}

int Run() {
  const api::ResourceInfo* pods = api::Catalog::Get().Find("", "v1", "pods");
  const size_t n = 2000;
  const int rounds = 15;
  const std::vector<std::string> stored = StoredPods(n);
  Print("pod_stored_bytes", static_cast<double>(stored[0].size()), "bytes");

  std::string out;
  auto rows = [&](apiserver::IncludeObject include) {
    apiserver::TableOptions options;
    options.include = include;
    return MedianMicrosPerItem(rounds, n, [&] {
      apiserver::TableBuilder table(*pods, options);
      out.clear();
      for (size_t i = 0; i < n; ++i)
        table.AppendStoredRow(out, stored[i], static_cast<int64_t>(i + 1));
    });
  };
  Print("row_us", rows(apiserver::IncludeObject::kMetadata), "us");
  Print("row_bytes", static_cast<double>(out.size()) / static_cast<double>(n), "bytes");
  Print("row_whole_object_us", rows(apiserver::IncludeObject::kObject), "us");
  Print("json_item_us",
        MedianMicrosPerItem(rounds, n,
                            [&] {
                              out.clear();
                              for (size_t i = 0; i < n; ++i)
                                api::AppendWithResourceVersion(out, stored[i],
                                                               static_cast<int64_t>(i + 1));
                            }),
        "us");
  return 0;
}

}  // namespace
}  // namespace kubepp::bench

int main() { return kubepp::bench::Run(); }
