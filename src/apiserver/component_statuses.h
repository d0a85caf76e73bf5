// The v1 componentstatuses (deprecated since v1.19, still served by v1.32): the health of each
// control-plane component, probed when asked, as upstream's componentstatus storage probes it:
//   controller-manager  GET https://127.0.0.1:10257/healthz, its default secure port
//   scheduler           GET https://127.0.0.1:10259/healthz
//   etcd-0              a read from the store
// A component that runs inside this process (`kubepp server`) is asked directly instead.
//
// Every answer carries upstream's deprecation warning. Probes may take seconds (a port that
// swallows packets waits out the timeout), so answers are sent from a thread of their own.
//
// Thread safety: SetInProcess before requests arrive; Handle from any thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "api/resources/catalog.h"
#include "apiserver/component_health.h"
#include "apiserver/list_query.h"
#include "apiserver/table_writer.h"
#include "base/task_threads.h"
#include "net/http.h"
#include "store/store.h"

namespace kubepp::apiserver {

class ComponentStatuses {
 public:
  // `store` must outlive this.
  explicit ComponentStatuses(store::Store* store);

  // Asks `check` for `name` ("controller-manager", "scheduler") instead of probing its port.
  void SetInProcess(const std::string& name, HealthCheck check);

  // A GET of `name`, or a LIST when `name` is empty (filtered by `query`'s selectors), as an
  // object, a list, or a Table when `table` is set.
  struct Request {
    std::string name;
    ListQuery query;
    bool table = false;
    TableOptions table_options;
  };
  void Handle(const api::ResourceInfo& r, Request request, std::shared_ptr<net::Responder> out);

 private:
  // Each component's probe, by name.
  std::map<std::string, HealthCheck> Probes();
  static void Answer(const api::ResourceInfo& r, const Request& request,
                     const std::map<std::string, HealthCheck>& probes, net::Responder& out);

  store::Store* const store_;
  std::mutex mu_;
  std::map<std::string, HealthCheck> in_process_;  // guarded by mu_
  TaskThreads answering_;  // last: destruction waits for the answers under way
};

// GET https://127.0.0.1:<port>/healthz without verifying the certificate, as upstream's
// HTTP prober: 2xx and 3xx are a success with the body as the message, other codes a failure
// ("HTTP probe failed with statuscode: 500"), no answer unknown with Go's error text.
ComponentHealth ProbeHealthz(uint16_t port);

}  // namespace kubepp::apiserver
