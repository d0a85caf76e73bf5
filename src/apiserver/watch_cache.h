// WatchCache: one store watch per resource, fanned out to every API watcher.
//
// Each store event is turned into watch lines once: a line's bytes are built
// the first time a watcher needs that (type, format) and shared by all others.
// Watchers filter by namespace, name, label and field selectors; an object
// that stops matching a watcher's selector is DELETED for that watcher, one
// that starts matching is ADDED, as upstream's cacher does.
//
// A window of recent events lets watches start at a past resourceVersion; a
// version older than the window is answered with an ERROR event carrying
// 410 Expired ("too old resource version").
//
// Thread safety: all methods are thread-safe. Store events arrive on the
// store's delivery thread; lines are queued to responders without blocking.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "api/labels/selector.h"
#include "api/resources/catalog.h"
#include "net/http.h"
#include "store/store.h"

namespace kubepp::apiserver {

struct WatchParams {
  std::string namespace_name;
  std::string name;  // metadata.name=... selectors narrow to one object
  api::LabelSelector label_selector;
  api::FieldSelector field_selector;
  // "", "0" or a number. A number without send_initial_events replays the changes after it;
  // otherwise the watch starts from the store's current revision.
  std::string resource_version;
  // A streaming list: the objects of that revision as ADDED events first, and, with
  // allow_bookmarks, a BOOKMARK annotated "k8s.io/initial-events-end" once all are sent.
  bool send_initial_events = false;
  bool allow_bookmarks = false;
  bool table = false;
  int include_object = 1;  // table rows: 0 None, 1 Metadata, 2 Object
  // When set, events carry PartialObjectMetadata of this meta.k8s.io version.
  std::string partial_metadata_version;
};

class WatchCache {
 public:
  WatchCache(store::Store* store, api::ResourceInfo resource, std::string prefix);
  ~WatchCache();

  // Streams events to `out` (already started by the caller) until it closes.
  void AddWatcher(const api::ResourceInfo& served_as, WatchParams params,
                  std::shared_ptr<net::Responder> out);

  // Sends a BOOKMARK to every watcher that allows them.
  void SendBookmarks();
  int64_t revision() const;
  size_t watcher_count() const;

 private:
  struct Event;
  struct Watcher;

  void OnBatch(const store::WatchBatch& batch);
  void DispatchLocked(const std::shared_ptr<Event>& event);
  // Delivers `event` to the watchers of one namespace ("": every namespace),
  // dropping those whose streams have closed.
  void DispatchToNamespaceLocked(const std::string& namespace_name, Event& event);
  bool DeliverLocked(Watcher& w, Event& event);
  // Sends the objects of revision `rev` as ADDED events.
  void SendInitialEventsLocked(Watcher& w, int64_t rev);
  // Starts a watch at a replay of the window's changes after `from`; false (and the 410 sent) if
  // the window no longer holds them.
  bool ReplayLocked(Watcher& w, const std::string& from);
  // A BOOKMARK line: an empty object of the watched kind at `rev`. The one closing a streaming
  // list's initial events is annotated "k8s.io/initial-events-end", as upstream marks it.
  static std::string BookmarkLine(const Watcher& w, int64_t rev, bool initial_events_end);
  void RemoveWatcher(const std::string& namespace_name, uint64_t id);

  // Constant after construction.
  store::Store* const store_;
  const api::ResourceInfo resource_;
  const std::string prefix_;

  mutable std::mutex mu_;
  // Guarded by mu_:
  int64_t revision_ = 0;      // the newest revision seen
  int64_t window_start_ = 0;  // every event after this revision is in events_
  std::deque<std::shared_ptr<Event>> events_;
  // By (the namespace watched or "" for all, id): an event visits only the
  // watchers of its namespace and those of all namespaces, not every watcher.
  using WatcherKey = std::pair<std::string, uint64_t>;
  std::map<WatcherKey, std::shared_ptr<Watcher>> watchers_;
  uint64_t next_id_ = 1;

  std::unique_ptr<store::WatchHandle> handle_;
};

}  // namespace kubepp::apiserver
