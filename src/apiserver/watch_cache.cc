#include "apiserver/watch_cache.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "api/codec/codec.h"
#include "api/conversion/conversion.h"
#include "apiserver/object_meta.h"
#include "apiserver/registry.h"
#include "apiserver/response_form.h"
#include "apiserver/table_writer.h"
#include "base/log.h"

namespace kubepp::apiserver {

using boost::json::object;

namespace {
constexpr size_t kMinEvents = 1000;
constexpr size_t kMaxEvents = 20000;
constexpr auto kWindow = std::chrono::seconds(75);

const object* LabelsOf(const object& obj) {
  const auto* meta = MetaOf(obj);
  if (!meta) return nullptr;
  auto it = meta->find("labels");
  return it != meta->end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}
}  // namespace

// One store event with everything derived from it, built lazily and shared.
//
// In the window an event holds its values weakly: the store keeps the newest
// value of every key anyway, and superseded ones it keeps packed
// (store/mvcc_index.h), so a window of 20,000 events holding them strongly
// would pin as many whole values. A watch that starts inside the window
// takes them back (Hold), from the store at the event's revision when they
// are gone.
struct WatchCache::Event {
  bool is_delete = false;
  bool has_previous = false;
  int64_t revision = 0;
  std::chrono::steady_clock::time_point at;
  std::string ns, name;
  std::shared_ptr<const std::string> current;   // stored bytes after (puts), while held
  std::shared_ptr<const std::string> previous;  // stored bytes before, while held
  std::weak_ptr<const std::string> current_weak, previous_weak;
  // Lazily parsed, with resourceVersion set to `revision`:
  std::optional<object> current_obj, previous_obj;
  // Lazily encoded JSON lines by type (0 ADDED, 1 MODIFIED, 2 DELETED), shared by every watcher.
  std::shared_ptr<const std::string> lines[3];

  const object& CurrentObj() {
    if (!current_obj) {
      auto o = api::DecodeStored(*current, revision);
      current_obj = o.ok() ? std::move(*o) : object();
    }
    return *current_obj;
  }
  const object& PreviousObj() {
    if (!previous_obj) {
      auto o = api::DecodeStored(*previous, revision);
      previous_obj = o.ok() ? std::move(*o) : object();
    }
    return *previous_obj;
  }
  // Drops what was derived for the watchers of the moment and lets go of the
  // values. Events stay in the window for watches that start later, which
  // derive their own again: kept, the lines and parsed objects of 20,000
  // events cost hundreds of MiB.
  void Release() {
    current_obj.reset();
    previous_obj.reset();
    for (auto& line : lines) line.reset();
    if (current) current_weak = std::move(current);
    if (previous) previous_weak = std::move(previous);
    current.reset();
    previous.reset();
  }
  // Takes the values back for a replay; false if the store no longer has
  // them (compacted).
  bool Hold(store::Store& store, const std::string& key) {
    if (!is_delete && !current) {
      current = current_weak.lock();
      if (!current && !(current = ValueAt(store, key, revision))) return false;
    }
    if (has_previous && !previous) {
      previous = previous_weak.lock();
      if (!previous && !(previous = ValueAt(store, key, revision - 1))) return false;
    }
    return true;
  }
  static std::shared_ptr<const std::string> ValueAt(store::Store& store, const std::string& key,
                                                    int64_t rev) {
    store::RangeRequest req;
    req.key = key;
    req.revision = rev;
    auto r = store.Range(req);
    if (!r.ok() || r->kvs.empty()) return nullptr;
    return r->kvs[0].value.shared();
  }
};

struct WatchCache::Watcher {
  uint64_t id = 0;
  api::ResourceInfo served_as;
  WatchParams params;
  bool filtered = false;
  bool table_columns_sent = false;
  // Changes up to this revision are in the state the watch started from.
  int64_t skip_through = 0;
  std::shared_ptr<net::Responder> out;
};

std::string WatchCache::BookmarkLine(const Watcher& w, int64_t rev, bool initial_events_end) {
  const std::string& partial = w.params.partial_metadata_version;
  std::string kind = partial.empty() ? w.served_as.kind : "PartialObjectMetadata";
  std::string api_version = partial.empty() ? w.served_as.ApiVersion() : "meta.k8s.io/" + partial;
  std::string line = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"" + kind +
                     "\",\"apiVersion\":\"" + api_version +
                     "\",\"metadata\":{\"resourceVersion\":\"" + std::to_string(rev) +
                     "\",\"creationTimestamp\":null";
  if (initial_events_end) line += ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}";
  return line + "}}}\n";
}

WatchCache::WatchCache(store::Store* store, api::ResourceInfo resource, std::string prefix)
    : store_(store), resource_(std::move(resource)), prefix_(std::move(prefix)) {
  std::lock_guard lock(mu_);
  revision_ = store_->CurrentRevision();
  window_start_ = revision_;
  store::WatchRequest req;
  req.key = prefix_;
  req.range_end = store::PrefixEnd(prefix_);
  req.start_revision = revision_ + 1;
  req.prev_kv = true;
  req.progress_notify = true;
  handle_ = store_->Watch(req, [this](const store::WatchBatch& batch) { OnBatch(batch); });
}

WatchCache::~WatchCache() {
  if (handle_) handle_->Cancel();
}

int64_t WatchCache::revision() const {
  std::lock_guard lock(mu_);
  return revision_;
}

size_t WatchCache::watcher_count() const {
  std::lock_guard lock(mu_);
  return watchers_.size();
}

void WatchCache::OnBatch(const store::WatchBatch& batch) {
  std::lock_guard lock(mu_);
  if (!batch.status.ok()) {
    KLOG(ERROR) << "watch cache for " << prefix_ << " lost its store watch: " << batch.status.ToString();
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  for (const auto& e : batch.events) {
    auto event = std::make_shared<Event>();
    event->is_delete = e.type == store::Event::Type::kDelete;
    event->revision = e.kv.mod_revision;
    event->at = now;
    std::string_view rest = std::string_view(e.kv.key).substr(prefix_.size());
    if (resource_.namespaced) {
      auto slash = rest.find('/');
      event->ns = std::string(rest.substr(0, slash));
      event->name = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
    } else {
      event->name = std::string(rest);
    }
    if (!event->is_delete) event->current = e.kv.value.shared();  // the store's own copy
    if (e.has_prev) event->previous = e.prev_kv.value.shared();
    event->has_previous = event->previous != nullptr;
    if (event->is_delete && !event->previous) continue;  // nothing to tell
    revision_ = std::max(revision_, event->revision);
    events_.push_back(event);
    DispatchLocked(event);
    event->Release();
  }
  revision_ = std::max(revision_, batch.revision);
  while (events_.size() > kMaxEvents || (events_.size() > kMinEvents && now - events_.front()->at > kWindow)) {
    window_start_ = events_.front()->revision;
    events_.pop_front();
  }
}

void WatchCache::DispatchLocked(const std::shared_ptr<Event>& event) {
  DispatchToNamespaceLocked("", *event);
  if (!event->ns.empty()) DispatchToNamespaceLocked(event->ns, *event);
}

void WatchCache::DispatchToNamespaceLocked(const std::string& namespace_name, Event& event) {
  for (auto it = watchers_.lower_bound({namespace_name, 0});
       it != watchers_.end() && it->first.first == namespace_name;) {
    if (!DeliverLocked(*it->second, event)) {
      it = watchers_.erase(it);
    } else {
      ++it;
    }
  }
}

bool WatchCache::DeliverLocked(Watcher& w, Event& event) {
  if (w.out->Closed()) return false;
  if (event.revision <= w.skip_through) return true;
  const auto& p = w.params;
  if (!p.namespace_name.empty() && event.ns != p.namespace_name) return true;
  if (!p.name.empty() && event.name != p.name) return true;

  auto matches = [&](const object& obj) {
    if (!p.label_selector.Matches(LabelsOf(obj))) return false;
    // Field names are the watcher's version's (core and events.k8s.io events share this cache).
    return p.field_selector.Empty() || p.field_selector.Matches(SelectableFields(w.served_as, obj));
  };
  bool cur = !event.is_delete;
  bool prev = event.has_previous;
  if (w.filtered) {
    if (cur) cur = matches(event.CurrentObj());
    if (prev) prev = matches(event.PreviousObj());
  }
  int type;  // 0 ADDED 1 MODIFIED 2 DELETED
  if (cur && prev) {
    type = 1;
  } else if (cur) {
    type = 0;
  } else if (prev) {
    type = 2;
  } else {
    return true;
  }
  // The object a DELETED event carries: the last state the watcher would know
  // (before the delete, or before the change that took it out of the
  // selector, as upstream's cacher sends it), at the revision of the change.
  const bool use_previous = type == 2;
  static const char* kTypes[] = {"ADDED", "MODIFIED", "DELETED"};
  if (p.table) {
    TableOptions options;
    options.include = static_cast<IncludeObject>(p.include_object);
    options.include_columns = !w.table_columns_sent;
    const object& obj = use_previous ? event.PreviousObj() : event.CurrentObj();
    std::string table = TableJson(w.served_as, {&obj}, options);
    w.out->Write(std::string("{\"type\":\"") + kTypes[type] + "\",\"object\":" + table + "}\n");
    w.table_columns_sent = true;
    return true;
  }
  if (!p.partial_metadata_version.empty()) {
    const object& obj = use_previous ? event.PreviousObj() : event.CurrentObj();
    w.out->Write(std::string("{\"type\":\"") + kTypes[type] + "\",\"object\":" +
                 PartialObjectMetadataJson(obj, p.partial_metadata_version) + "}\n");
    return true;
  }
  if (api::ConvertsForStorage(w.served_as)) {
    // Served at another version than the stored one: this watcher's own line.
    auto converted = DecodeRecord(w.served_as, use_previous ? *event.previous : *event.current, event.revision);
    if (!converted.ok()) return true;
    w.out->Write(std::string("{\"type\":\"") + kTypes[type] + "\",\"object\":" + boost::json::serialize(*converted) +
                 "}\n");
    return true;
  }
  auto& cached = event.lines[type];
  if (!cached) {
    const std::string& bytes = use_previous ? *event.previous : *event.current;
    cached = std::make_shared<const std::string>(std::string("{\"type\":\"") + kTypes[type] + "\",\"object\":" +
                                                 api::WithResourceVersion(bytes, event.revision) + "}\n");
  }
  w.out->WriteShared(cached);
  return true;
}

void WatchCache::AddWatcher(const api::ResourceInfo& served_as, WatchParams params,
                            std::shared_ptr<net::Responder> out) {
  auto w = std::make_shared<Watcher>();
  w->served_as = served_as;
  w->params = std::move(params);
  w->filtered = !w->params.label_selector.Empty() || !w->params.field_selector.Empty();
  w->out = out;
  // Watches of a cluster-scoped resource are all "every namespace".
  std::string watched = resource_.namespaced ? w->params.namespace_name : std::string();
  uint64_t id;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
    w->id = id;
    const std::string& rv = w->params.resource_version;
    if (w->params.send_initial_events || rv.empty() || rv == "0") {
      // The store's current revision is at least as new as anything asked for (the caller
      // refuses versions beyond it). Changes up to it that this cache has yet to dispatch are
      // in the initial state already, so the watcher skips them.
      int64_t start = store_->CurrentRevision();
      if (w->params.send_initial_events) SendInitialEventsLocked(*w, start);
      w->skip_through = start;
      if (w->params.send_initial_events && w->params.allow_bookmarks)
        w->out->Write(BookmarkLine(*w, start, true));
    } else if (!ReplayLocked(*w, rv)) {
      return;
    }
    watchers_[{watched, id}] = w;
  }
  out->OnClose([this, watched = std::move(watched), id] { RemoveWatcher(watched, id); });
}

void WatchCache::SendInitialEventsLocked(Watcher& w, int64_t rev) {
  store::RangeRequest req;
  req.key = prefix_ + (resource_.namespaced && !w.params.namespace_name.empty()
                           ? w.params.namespace_name + "/"
                           : std::string());
  req.range_end = store::PrefixEnd(req.key);
  req.revision = rev;
  auto resp = store_->Range(req);
  if (!resp.ok()) return;
  for (auto& kv : resp->kvs) {
    Event synthetic;
    synthetic.revision = kv.mod_revision;
    std::string_view rest = std::string_view(kv.key).substr(prefix_.size());
    if (resource_.namespaced) {
      auto slash = rest.find('/');
      synthetic.ns = std::string(rest.substr(0, slash));
      synthetic.name = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
    } else {
      synthetic.name = std::string(rest);
    }
    synthetic.current = kv.value.shared();
    DeliverLocked(w, synthetic);
  }
}

bool WatchCache::ReplayLocked(Watcher& w, const std::string& from_text) {
  int64_t from = 0;
  try {
    from = std::stoll(from_text);
  } catch (...) {
    from = -1;
  }
  // Replays take the window's values back from the store where they are
  // gone; a compaction past the window's start answers as a too old version.
  bool replayable = from >= window_start_;
  for (const auto& event : events_) {
    if (!replayable) break;
    if (event->revision > from &&
        !event->Hold(*store_, Registry::Key(resource_, event->ns, event->name)))
      replayable = false;
  }
  if (!replayable) {
    for (const auto& event : events_) event->Release();
    std::string msg =
        "too old resource version: " + from_text + " (" + std::to_string(window_start_) + ")";
    boost::json::object status;
    status["kind"] = "Status";
    status["apiVersion"] = "v1";
    status["metadata"] = boost::json::object();
    status["status"] = "Failure";
    status["message"] = msg;
    status["reason"] = "Expired";
    status["code"] = 410;
    w.out->Write("{\"type\":\"ERROR\",\"object\":" + boost::json::serialize(status) + "}\n");
    w.out->End();
    return false;
  }
  for (const auto& event : events_) {
    if (event->revision <= from) continue;
    DeliverLocked(w, *event);
    event->Release();
  }
  return true;
}

void WatchCache::RemoveWatcher(const std::string& namespace_name, uint64_t id) {
  std::lock_guard lock(mu_);
  watchers_.erase({namespace_name, id});
}

void WatchCache::SendBookmarks() {
  std::lock_guard lock(mu_);
  for (auto& [id, w] : watchers_) {
    if (!w->params.allow_bookmarks || w->out->Closed()) continue;
    // Never older than the revision the watcher started from, which the cache may not have
    // reached yet.
    w->out->Write(BookmarkLine(*w, std::max(revision_, w->skip_through), false));
  }
}

}  // namespace kubepp::apiserver
