// MetricsApi: the resource metrics API, metrics.k8s.io/v1beta1, served by
// the apiserver itself from MetricsStorage (upstream serves it through
// metrics-server behind aggregation; what clients see is the same):
//
//   GET /apis/metrics.k8s.io/v1beta1/nodes[/{name}]                  NodeMetrics(List)
//   GET /apis/metrics.k8s.io/v1beta1[/namespaces/{ns}]/pods[/{name}] PodMetrics(List)
//
// Lists start from the nodes or pods themselves (labelSelector applies to
// their labels; fieldSelector to metadata.name and metadata.namespace), in
// name order, and leave out those without metrics yet. A get of an object
// that exists but has no metrics is 404 "nodemetrics.metrics.k8s.io \"n\"
// not found" (podmetrics: "<ns>/<name>"); of one that does not exist, the
// lister's 404 ("pod \"x\" not found"). Items carry the object's labels and
// a creationTimestamp of now, as metrics-server writes them. Accept
// as=Table answers metrics-server's table (Name, cpu, memory, Window).
//
// Thread safety: Handle may be called from any thread concurrently.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <vector>

#include "apiserver/metricsapi/metrics_storage.h"
#include "apiserver/registry.h"
#include "apiserver/request_info.h"
#include "base/clock.h"
#include "net/http.h"

namespace kubepp::apiserver::metricsapi {

inline constexpr const char* kMetricsGroup = "metrics.k8s.io";
inline constexpr const char* kMetricsApiVersion = "metrics.k8s.io/v1beta1";

class MetricsApi {
 public:
  MetricsApi(Registry& registry, MetricsStorage& storage, Clock& clock = Clock::Real());

  // REQUIRES: info.group == kMetricsGroup; the caller has authenticated.
  void Handle(const RequestInfo& info, const net::HttpRequest& req,
              std::shared_ptr<net::Responder> out);

  // One object of an answer, with what its table row shows.
  struct Row {
    boost::json::object item;
    Usage total;  // a pod's is the sum of its containers
    Clock::Duration window{};
  };

  // The objects the API answers with (also for tests).
  boost::json::object NodeMetricsObject(const boost::json::object& node,
                                        const NodeUsage& usage) const;
  boost::json::object PodMetricsObject(const boost::json::object& pod, const PodUsage& usage) const;

 private:
  // A response: 200 with the object, list or table, or an error Status object.
  struct Answer {
    int code = 200;
    std::string body;
  };
  StatusOr<Answer> Nodes(const RequestInfo& info, const QueryParams& query, bool table);
  StatusOr<Answer> Pods(const RequestInfo& info, const QueryParams& query, bool table);
  Answer Render(std::vector<Row> rows, bool single, const char* list_kind, bool table,
                const QueryParams& query) const;
  StatusOr<std::vector<boost::json::object>> ListObjects(const api::ResourceInfo& r,
                                                         const std::string& ns,
                                                         const QueryParams& query);

  Registry& registry_;
  MetricsStorage& storage_;
  Clock& clock_;
};

}  // namespace kubepp::apiserver::metricsapi
