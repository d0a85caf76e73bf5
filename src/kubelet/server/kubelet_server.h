// KubeletServer: the kubelet's HTTPS API on port 10250, which the apiserver
// reaches for `kubectl logs/exec/attach/port-forward` and nodes/proxy, as
// upstream's pkg/kubelet/server serves it:
//
//   GET  /healthz                                   "ok"
//   GET  /pods                                      the pods this kubelet runs (a v1 PodList)
//   GET  /containerLogs/{ns}/{pod}/{container}      a container's log (follow, tailLines,
//        sinceSeconds, sinceTime, timestamps, previous, limitBytes; "tail" as tailLines)
//   GET|POST /exec/{ns}/{pod}[/{uid}]/{container}   ?command=..&input=1&output=1&error=1&tty=1
//   GET|POST /attach/{ns}/{pod}[/{uid}]/{container}
//   GET|POST /portForward/{ns}/{pod}[/{uid}]
//
// Logs are read from the CRI log files (kubelet/logs). For exec, attach and
// port-forward the server asks the runtime for a streaming URL and proxies
// the client's Upgrade request and the upgraded byte stream to it (the
// runtime's streaming server speaks SPDY/3.1 and the WebSocket channel
// protocols itself). Everything needs a client certificate from the cluster
// CA (see auth.h). Not served yet: /stats/summary, /metrics, /runningpods,
// /run, /checkpoint, /configz, /logs (node logs).
//
// The kubelet supplies what the server cannot know as hooks (below), so the
// server is tested with fakes and wired to pod workers and CRI by the
// kubelet. Thread safety: Start/Stop from one thread; hooks run on the
// server's threads (and on one thread per log stream) and must be
// thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "client/object.h"

namespace kubepp::kubelet::server {

// A container log the kubelet resolved for a /containerLogs request.
struct ContainerLogTarget {
  std::string path;  // the CRI log file (the runtime's ContainerStatus.log_path)
  // Whether the container still runs: following ends after it stops and its
  // log is drained. Null: it does not run.
  std::function<bool()> running;
};

struct ContainerLogRequest {
  client::ObjectPtr pod;  // the pod (get_pod's answer); the container is in its spec
  std::string container;
  bool previous = false;  // the last terminated instance
};

// Resolves a log; failures are sent as 400 with the Status's message, as
// upstream's kubelet answers GetKubeletContainerLogs errors (see
// kubelet/logs/log_container.h for the messages of the usual ones).
using ContainerLogResolver = std::function<StatusOr<ContainerLogTarget>(const ContainerLogRequest&)>;

// An exec, attach or port-forward session the runtime is asked to serve.
struct StreamRequest {
  enum class Kind { kExec, kAttach, kPortForward };
  Kind kind = Kind::kExec;
  client::ObjectPtr pod;
  std::string container;             // exec and attach
  std::vector<std::string> command;  // exec
  bool input = false;   // stdin
  bool output = false;  // stdout
  bool error = false;   // stderr (never with tty)
  bool tty = false;
  std::vector<int32_t> ports;        // port-forward over WebSocket (SPDY names ports per stream)
};

// The runtime's streaming URL for a session (CRI Exec/Attach/PortForward
// answer with one), e.g. "http://127.0.0.1:38417/exec/Xj4f2". Failures are
// sent as upstream's streaming.WriteError does: NotFound 404,
// TooManyRequests 429, anything else 500, with the Status's message.
using StreamUrlResolver = std::function<StatusOr<std::string>(const StreamRequest&)>;

struct KubeletServerHooks {
  std::function<std::vector<client::ObjectPtr>()> list_pods;
  // The pod this kubelet runs under that namespace and name, or null.
  std::function<client::ObjectPtr(std::string_view pod_namespace, std::string_view name)> get_pod;
  ContainerLogResolver resolve_log;
  StreamUrlResolver resolve_stream;
  // Extra /healthz check ("syncloop"); null: healthy.
  std::function<Status()> sync_loop_health;
};

struct KubeletServerOptions {
  std::string bind_address = "0.0.0.0";
  uint16_t port = 10250;           // 0 = any free port (see port())
  std::string cert_file, key_file;  // the serving certificate (see serving_cert.h)
  std::string client_ca_file;       // the cluster CA that signs client certificates
  int threads = 2;
};

class KubeletServer {
 public:
  static StatusOr<std::unique_ptr<KubeletServer>> Start(const KubeletServerOptions& options, KubeletServerHooks hooks);
  virtual ~KubeletServer() = default;
  virtual uint16_t port() const = 0;
  // Closes the listener and every connection, ends log streams, joins threads.
  virtual void Stop() = 0;
};

}  // namespace kubepp::kubelet::server
