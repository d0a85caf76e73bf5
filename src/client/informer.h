// Informers: a local, always-current copy of one resource, kept by a
// Reflector (list, then watch from the list's resourceVersion; relist on 410
// Gone or a broken stream, with back-off; bookmarks advance the
// resourceVersion), plus indexers, listers and event handlers — upstream's
// SharedIndexInformer.
//
// InformerFactory hands out one informer per (resource, namespace, selector)
// per factory, so every controller in a process shares one watch per
// resource (the apiserver, controller-manager and scheduler inside
// `kubepp server` share one factory).
//
// Handlers run on the informer's own dispatch thread, in event order, never
// concurrently for one informer. They must be quick (enqueue a key and
// return). A handler added after the informer synced first receives an
// OnAdd for every cached object. On relist, objects that vanished get
// OnDelete with the last known state; changed ones get OnUpdate.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "client/api_client.h"

namespace kubepp::client {

struct EventHandler {
  std::function<void(const ObjectPtr& obj)> on_add;
  std::function<void(const ObjectPtr& old_obj, const ObjectPtr& new_obj)> on_update;
  // `obj` is the last state the cache held.
  std::function<void(const ObjectPtr& obj)> on_delete;
};

// Maps an object to the index values it is filed under ("node-1" for a pod's
// spec.nodeName); an empty result files it under none.
using IndexFunc = std::function<std::vector<std::string>(const boost::json::object& obj)>;

// The index every informer has: by metadata.namespace.
inline constexpr std::string_view kNamespaceIndex = "namespace";

class Informer {
 public:
  virtual ~Informer() = default;

  // REQUIRES for AddIndex: before the factory starts.
  virtual void AddIndex(std::string name, IndexFunc func) = 0;
  virtual void AddEventHandler(EventHandler handler) = 0;
  virtual bool HasSynced() const = 0;

  // Lister: reads from the cache (nullptr / empty when absent).
  virtual ObjectPtr Get(std::string_view key) const = 0;  // "ns/name" or "name"
  virtual ObjectPtr Get(std::string_view ns, std::string_view name) const = 0;
  virtual std::vector<ObjectPtr> List() const = 0;
  virtual std::vector<ObjectPtr> ListNamespace(std::string_view ns) const = 0;
  virtual std::vector<ObjectPtr> ByIndex(std::string_view index, std::string_view value) const = 0;
  // The resourceVersion the cache reflects.
  virtual std::string LastSyncResourceVersion() const = 0;
};

struct InformerOptions {
  std::string namespace_;      // "" = all namespaces
  std::string label_selector;
  std::string field_selector;  // e.g. "spec.nodeName=node-1" for a node agent
};

class InformerFactory {
 public:
  // `client` and `clock` must outlive the factory.
  static std::unique_ptr<InformerFactory> Create(ApiClient& client, Clock& clock = Clock::Real());
  virtual ~InformerFactory() = default;

  // The same informer for the same resource and options. Informers asked for
  // after Start() start at once.
  virtual Informer& For(const Resource& r, const InformerOptions& options = {}) = 0;
  virtual void Start() = 0;
  // Blocks until every informer has synced or the deadline passes; false on timeout.
  virtual bool WaitForSync(Clock::Duration timeout) = 0;
  // Stops every watch and dispatch thread; handlers are not called after it returns.
  virtual void Stop() = 0;
};

}  // namespace kubepp::client
