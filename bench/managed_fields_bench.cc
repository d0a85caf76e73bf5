// managed_fields_bench: the cost of metadata.managedFields bookkeeping on the
// apiserver's write path, in-process (no server, no store), for a ~3 KiB
// pod as a ReplicaSet creates it and as its kubelet then reports status:
//   create       an Update entry from nothing (what every create pays)
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

namespace kubepp::bench {
namespace {

namespace json = boost::json;
namespace mf = api::managedfields;

constexpr const char* kPod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-5d4f8c7b9-1","namespace":"bench",
"uid":"0b8f0d6e-3f57-4e6b-9a53-5a0c2d1e9f11","creationTimestamp":"2026-01-01T00:00:00Z",
"labels":{"app":"web","tier":"frontend","release":"stable","pod-template-hash":"5d4f8c7b9"},
"annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9090"},
"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-5d4f8c7b9","uid":"6a1f2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d","controller":true,"blockOwnerDeletion":true}]},
"spec":{"containers":[{"name":"web","image":"registry.example.com/team/web:1.25.3","imagePullPolicy":"IfNotPresent",
"ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],
"env":[{"name":"LOG_LEVEL","value":"info"},{"name":"DATABASE_URL","value":"postgres://db.example.svc.cluster.local:5432/app"},
{"name":"CACHE_SIZE","value":"256"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],
"resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},
"livenessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"initialDelaySeconds":10,"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
"volumeMounts":[{"name":"config","readOnly":true,"mountPath":"/etc/web"},{"name":"cache","mountPath":"/var/cache/web"}],
"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
"volumes":[{"name":"config","configMap":{"name":"web-config","defaultMode":420}},{"name":"cache","emptyDir":{"sizeLimit":"1Gi"}}],
"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default",
"nodeName":"node-1","schedulerName":"default-scheduler",
"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
"status":{"phase":"Pending","qosClass":"Burstable"}})";

constexpr const char* kStatus = R"({"phase":"Running","conditions":[
{"type":"Initialized","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:01Z"},
{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:02Z"},
{"type":"ContainersReady","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:02Z"},
{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:00Z"}],
"hostIP":"10.0.0.11","hostIPs":[{"ip":"10.0.0.11"}],"podIP":"10.244.0.2","podIPs":[{"ip":"10.244.0.2"}],
"startTime":"2026-01-01T00:00:00Z","containerStatuses":[{"name":"web","state":{"running":{"startedAt":"2026-01-01T00:00:01Z"}},
"ready":true,"restartCount":0,"image":"registry.example.com/team/web:1.25.3","imageID":"sha256:abc","containerID":"containerd://abc","started":true}],
"qosClass":"Burstable"})";

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
