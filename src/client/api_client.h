// ApiClient: typed-by-resource access to the Kubernetes API — the only way
// controllers, the scheduler, hollow nodes and the kubelet touch cluster
// state (DESIGN.md: components talk only through the apiserver's API).
//
// Two implementations: RestClient (rest_client.h) speaks HTTPS to a real
// apiserver; FakeApiClient (fake_api_client.h) keeps objects in memory for
// unit tests, with the same errors, resourceVersions and watch events.
//
// Errors are Status with the Kubernetes reason the server sent (NotFound,
// AlreadyExists, Conflict, Invalid, Gone, ...), message from the Status body.
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "client/object.h"
#include "client/resource.h"

namespace kubepp::client {

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;        // "" = most recent (quorum read)
  std::string resource_version_match;  // "", "NotOlderThan", "Exact"
  int64_t limit = 0;                   // 0 = everything
  std::string continue_token;
  // Leave metadata.managedFields out of the objects handed back. Informers
  // ask for this, as upstream's scheduler and controller-manager strip them
  // in their informers: no kubepp component reads them, and they are about
  // half of a pod's bytes in every cache. An update sent without them keeps
  // the stored ones.
  bool drop_managed_fields = false;
  // Watch only.
  bool allow_watch_bookmarks = true;
  int64_t timeout_seconds = 0;  // 0: the server's default
};

struct ObjectList {
  std::vector<ObjectPtr> items;  // each with apiVersion and kind filled in
  std::string resource_version;
  std::string continue_token;
};

struct DeleteOptions {
  std::optional<int64_t> grace_period_seconds;
  std::string propagation_policy;     // "", "Orphan", "Background", "Foreground"
  std::string precondition_uid;       // "" = none
  std::string precondition_resource_version;
};

enum class PatchType { kJson, kMerge, kStrategicMerge };

enum class WatchEventType { kAdded, kModified, kDeleted, kBookmark, kError };

struct WatchEvent {
  WatchEventType type;
  ObjectPtr object;  // for kError: the Status object
};

// A watch in progress. Events arrive on the client's threads, in order, one at
// a time per watch. `on_done` runs exactly once when the stream ends (server
// closed it: OK; 410 or transport failure: that Status), including after
// Stop(). Destroying the handle stops the watch and waits for on_done.
class WatchHandle {
 public:
  virtual ~WatchHandle() = default;
  virtual void Stop() = 0;
};

struct WatchCallbacks {
  std::function<void(const WatchEvent&)> on_event;
  std::function<void(Status)> on_done;
};

class ApiClient {
 public:
  virtual ~ApiClient() = default;

  virtual StatusOr<ObjectPtr> Get(const Resource& r, std::string_view ns, std::string_view name) = 0;
  virtual StatusOr<ObjectList> List(const Resource& r, std::string_view ns, const ListOptions& options) = 0;
  // `obj` carries apiVersion/kind or gets them from `r`. Returns what the server stored.
  virtual StatusOr<ObjectPtr> Create(const Resource& r, std::string_view ns, const boost::json::object& obj) = 0;
  // PUT of the whole object (metadata.resourceVersion must match: 409 Conflict
  // otherwise); `subresource` "status" writes status only.
  virtual StatusOr<ObjectPtr> Update(const Resource& r, std::string_view ns, const boost::json::object& obj,
                                     std::string_view subresource = {}) = 0;
  virtual StatusOr<ObjectPtr> Patch(const Resource& r, std::string_view ns, std::string_view name, PatchType type,
                                    std::string_view patch, std::string_view subresource = {}) = 0;
  // Returns the object when the server still holds it (finalizers, graceful
  // deletion), else nullptr.
  virtual StatusOr<ObjectPtr> Delete(const Resource& r, std::string_view ns, std::string_view name,
                                     const DeleteOptions& options = {}) = 0;
  // POST to a subresource that takes a different kind (pods/binding,
  // pods/eviction); returns the response body object.
  virtual StatusOr<ObjectPtr> CreateSubresource(const Resource& r, std::string_view ns, std::string_view name,
                                                std::string_view subresource, const boost::json::object& obj) = 0;
  virtual StatusOr<std::unique_ptr<WatchHandle>> Watch(const Resource& r, std::string_view ns,
                                                       const ListOptions& options, WatchCallbacks callbacks) = 0;
};

}  // namespace kubepp::client
