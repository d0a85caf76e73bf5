// ContentDeleter: deletes everything inside one namespace and reports what is
// left — the work of one pass of the namespace controller. Each pass deletes
// every object of every deletable resource (propagationPolicy Background, so
// the garbage collector takes care of dependents), then lists again to count
// what remains and which finalizers hold it.
// Thread safety: stateless apart from the client; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "client/api_client.h"
#include "client/resource.h"

namespace kubepp::controllers {

struct ContentTotals {
  // "pods." -> 2: resource "." group, as upstream's messages name them.
  std::map<std::string, int> remaining_by_resource;
  std::map<std::string, int> remaining_by_finalizer;
  std::vector<std::string> delete_errors;  // one message per failing resource
  // Seconds until remaining content is expected to be gone (pod grace periods,
  // finalizers); 0 when nothing remains.
  int64_t estimate_seconds = 0;
  int Remaining() const;
};

// Every resource a namespace's deletion must empty: namespaced, stored,
// served at its group's preferred version, with list and delete verbs; one
// per stored collection (events.k8s.io events are core events).
std::vector<client::Resource> DeletableNamespacedResources();

ContentTotals DeleteNamespaceContent(client::ApiClient& client, const std::vector<client::Resource>& resources,
                                     const std::string& ns);

}  // namespace kubepp::controllers
