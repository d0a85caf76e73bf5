// RestClientImpl: requests borrow one of up to `connections` HttpsClients
// (each a keep-alive connection used by one thread at a time); watches run
// on one WatchPool. Every body is decoded once: a watch line becomes one
// shared object handed to the watcher.
#include "client/rest_client.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/codec/json_spans.h"
#include "base/log.h"
#include "client/object_arena.h"
#include "client/rest_status.h"
#include "net/https_client.h"

namespace kubepp::client {
namespace {

namespace json = boost::json;

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

class Query {
 public:
  void Add(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    text_.push_back(text_.empty() ? '?' : '&');
    text_.append(key).append("=").append(UrlEncode(value));
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

std::string ListQuery(const ListOptions& o, bool watch) {
  Query q;
  q.Add("labelSelector", o.label_selector);
  q.Add("fieldSelector", o.field_selector);
  q.Add("resourceVersion", o.resource_version);
  q.Add("resourceVersionMatch", o.resource_version_match);
  if (!watch && o.limit > 0) q.Add("limit", std::to_string(o.limit));
  if (!watch) q.Add("continue", o.continue_token);
  if (watch) {
    q.Add("watch", "1");
    if (o.allow_watch_bookmarks) q.Add("allowWatchBookmarks", "true");
    if (o.timeout_seconds > 0) q.Add("timeoutSeconds", std::to_string(o.timeout_seconds));
  }
  return q.text();
}

StatusOr<json::object> DecodeObject(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return Status::Internal("decoding the server's response: not a JSON object");
  return std::move(v.get_object());
}

// The cuts that leave out the metadata.managedFields of the objects in
// `text`: a watch event's object or, for a `list`, every item. A reader that
// drops them need not parse them, and they are about half of every pod.
std::vector<api::JsonCut> ManagedFieldsCuts(std::string_view text, bool list) {
  std::vector<api::JsonCut> cuts;
  size_t open = text.find('{');
  if (open == std::string_view::npos) return cuts;
  if (!list) {
    if (auto cut = api::JsonMemberCut(text, open, {"object", "metadata", "managedFields"})) cuts.push_back(*cut);
    return cuts;
  }
  auto items = api::FindJsonMember(text, open, "items");
  if (!items) return cuts;
  for (size_t item : api::JsonArrayElements(text, items->value_begin)) {
    if (auto cut = api::JsonMemberCut(text, item, {"metadata", "managedFields"})) cuts.push_back(*cut);
  }
  return cuts;
}

// Decodes a list body or a watch event line; with `drop_managed_fields` the
// objects' managedFields are skipped rather than parsed. With a `sizer` the
// value lives in an ObjectArena of its own (see object_arena.h), as large as
// the sizer expects, and teaches the sizer what it took.
StatusOr<json::value> DecodeBody(std::string_view body, bool list, bool drop_managed_fields,
                                 BlockSizer* sizer = nullptr) {
  std::vector<api::JsonCut> cuts;
  if (drop_managed_fields) cuts = ManagedFieldsCuts(body, list);
  size_t kept = body.size();
  for (const api::JsonCut& cut : cuts) kept -= cut.end - cut.begin;
  std::optional<ObjectArena> arena;
  json::storage_ptr storage;
  if (sizer) {
    arena.emplace(sizer->BlockFor(kept));
    storage = arena->storage();
  }
  auto seal = [&](json::value& v) {
    if (!arena) return;
    arena->Seal(v);
    sizer->Learn(kept, arena->needed());
  };
  if (!cuts.empty()) {
    auto v = api::ParseJsonWithCuts(body, cuts, storage);
    if (v.ok()) {
      seal(*v);
      return std::move(*v);
    }
  }
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, storage);
  seal(v);
  if (ec) return Status::Internal("decoding the server's response: " + ec.message());
  return v;
}

WatchEventType EventType(std::string_view type, bool* ok) {
  *ok = true;
  if (type == "ADDED") return WatchEventType::kAdded;
  if (type == "MODIFIED") return WatchEventType::kModified;
  if (type == "DELETED") return WatchEventType::kDeleted;
  if (type == "BOOKMARK") return WatchEventType::kBookmark;
  if (type == "ERROR") return WatchEventType::kError;
  *ok = false;
  return WatchEventType::kError;
}

// What a watch shares between its handle and the pool's callbacks.
struct WatchState {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;  // guarded by mu
  int code = 0;       // set by on_open, read on the pool thread
  std::string error_body;
  WatchCallbacks callbacks;
  bool drop_managed_fields = false;  // constant once the watch starts
  BlockSizer sizer;                  // for the blocks of this stream's objects
};

void DropManagedFields(json::object& obj) {
  if (auto* meta = obj.if_contains("metadata"); meta && meta->is_object()) {
    meta->get_object().stable_erase("managedFields");
  }
}

class RestWatchHandle : public WatchHandle {
 public:
  RestWatchHandle(net::WatchPool& pool, net::WatchPool::WatchId id, std::shared_ptr<WatchState> state)
      : pool_(pool), id_(id), state_(std::move(state)) {}
  // REQUIRES: not destroyed from inside one of its own callbacks.
  ~RestWatchHandle() override {
    pool_.Cancel(id_);
    std::unique_lock<std::mutex> l(state_->mu);
    state_->cv.wait(l, [&] { return state_->done; });
  }
  void Stop() override { pool_.Cancel(id_); }

 private:
  net::WatchPool& pool_;
  const net::WatchPool::WatchId id_;
  std::shared_ptr<WatchState> state_;
};

class RestClientImpl : public ApiClient {
 public:
  RestClientImpl(net::HttpsClientOptions options, int connections, std::unique_ptr<net::WatchPool> pool)
      : options_(std::move(options)), max_connections_(std::max(1, connections)), pool_(std::move(pool)) {}
  ~RestClientImpl() override { pool_->Stop(); }

  StatusOr<ObjectPtr> Get(const Resource& r, std::string_view ns, std::string_view name) override {
    return ObjectCall("GET", r.Path(ns, name), {}, {});
  }

  StatusOr<ObjectList> List(const Resource& r, std::string_view ns, const ListOptions& options) override {
    auto res = Call("GET", r.Path(ns) + ListQuery(options, false), {}, {});
    if (!res.ok()) return res.status();
    if (res->code != 200) return StatusFromResponse(res->code, res->body);
    auto body = DecodeBody(res->body, true, options.drop_managed_fields);
    if (!body.ok() || !body->is_object()) {
      return Status::Internal("decoding the server's response: not a JSON object");
    }
    json::object* decoded = &body->get_object();
    ObjectList out;
    if (const auto* meta = decoded->if_contains("metadata"); meta && meta->is_object()) {
      if (const auto* rv = meta->get_object().if_contains("resourceVersion"); rv && rv->is_string()) {
        out.resource_version = std::string(rv->get_string());
      }
      if (const auto* c = meta->get_object().if_contains("continue"); c && c->is_string()) {
        out.continue_token = std::string(c->get_string());
      }
    }
    if (auto* items = decoded->if_contains("items"); items && items->is_array()) {
      std::string api_version = r.ApiVersion();
      out.items.reserve(items->get_array().size());
      for (auto& item : items->get_array()) {
        if (!item.is_object()) continue;
        auto& obj = item.get_object();
        // Items of a list carry no apiVersion/kind on the wire; objects here always do.
        if (!obj.contains("apiVersion")) obj["apiVersion"] = api_version;
        if (!obj.contains("kind")) obj["kind"] = r.kind;
        if (options.drop_managed_fields) DropManagedFields(obj);
        out.items.push_back(MakeObject(std::move(obj)));
      }
    }
    return out;
  }

  StatusOr<ObjectPtr> Create(const Resource& r, std::string_view ns, const json::object& obj) override {
    return ObjectCall("POST", r.Path(ns), "application/json", Body(r, obj));
  }

  StatusOr<ObjectPtr> Update(const Resource& r, std::string_view ns, const json::object& obj,
                             std::string_view subresource) override {
    return ObjectCall("PUT", r.Path(ns, NameOf(obj), subresource), "application/json", Body(r, obj));
  }

  StatusOr<ObjectPtr> Patch(const Resource& r, std::string_view ns, std::string_view name, PatchType type,
                            std::string_view patch, std::string_view subresource) override {
    std::string_view content_type = type == PatchType::kJson    ? "application/json-patch+json"
                                    : type == PatchType::kMerge ? "application/merge-patch+json"
                                                                : "application/strategic-merge-patch+json";
    return ObjectCall("PATCH", r.Path(ns, name, subresource), content_type, std::string(patch));
  }

  StatusOr<ObjectPtr> Delete(const Resource& r, std::string_view ns, std::string_view name,
                             const DeleteOptions& options) override {
    json::object body{{"kind", "DeleteOptions"}, {"apiVersion", "v1"}};
    if (options.grace_period_seconds) body["gracePeriodSeconds"] = *options.grace_period_seconds;
    if (!options.propagation_policy.empty()) body["propagationPolicy"] = options.propagation_policy;
    json::object pre;
    if (!options.precondition_uid.empty()) pre["uid"] = options.precondition_uid;
    if (!options.precondition_resource_version.empty()) pre["resourceVersion"] = options.precondition_resource_version;
    if (!pre.empty()) body["preconditions"] = std::move(pre);
    auto obj = ObjectCall("DELETE", r.Path(ns, name), "application/json", json::serialize(body));
    if (!obj.ok()) return obj.status();
    return StillHeld(**obj) ? *obj : ObjectPtr();
  }

  StatusOr<ObjectPtr> CreateSubresource(const Resource& r, std::string_view ns, std::string_view name,
                                        std::string_view subresource, const json::object& obj) override {
    return ObjectCall("POST", r.Path(ns, name, subresource), "application/json", json::serialize(obj));
  }

  StatusOr<std::unique_ptr<WatchHandle>> Watch(const Resource& r, std::string_view ns, const ListOptions& options,
                                               WatchCallbacks callbacks) override {
    auto state = std::make_shared<WatchState>();
    state->callbacks = std::move(callbacks);
    state->drop_managed_fields = options.drop_managed_fields;
    net::WatchPool::Callbacks cb;
    cb.on_open = [state](int code) { state->code = code; };
    cb.on_line = [state](std::string_view line) { return OnLine(*state, line); };
    cb.on_done = [state](Status status) {
      if (status.ok() && state->code != 200 && state->code != 0) {
        status = StatusFromResponse(state->code, state->error_body);
      }
      if (state->callbacks.on_done) state->callbacks.on_done(std::move(status));
      std::lock_guard<std::mutex> l(state->mu);
      state->done = true;
      state->cv.notify_all();
    };
    auto id = pool_->Start(r.Path(ns) + ListQuery(options, true), std::move(cb));
    return std::unique_ptr<WatchHandle>(std::make_unique<RestWatchHandle>(*pool_, id, state));
  }

 private:
  // Decodes one watch line and hands the event on; a non-200 stream is the
  // error body instead.
  static bool OnLine(WatchState& state, std::string_view line) {
    if (state.code != 200) {
      state.error_body.append(line);
      return true;
    }
    // Each event's object in a block of its own: an informer holds thousands
    // of them for long.
    auto parsed = DecodeBody(line, false, state.drop_managed_fields, &state.sizer);
    json::value v = parsed.ok() ? std::move(*parsed) : json::value();
    if (!v.is_object()) {
      KLOG(WARNING) << "watch: undecodable line dropped (" << line.size() << " bytes)";
      return true;
    }
    auto& o = v.get_object();
    const auto* type = o.if_contains("type");
    auto* object = o.if_contains("object");
    bool ok = false;
    WatchEventType t = type && type->is_string() ? EventType(type->get_string(), &ok) : WatchEventType::kError;
    if (!ok || !object || !object->is_object()) return true;
    if (state.drop_managed_fields) DropManagedFields(object->get_object());
    WatchEvent event{t, MakeObject(std::move(object->get_object()))};
    if (state.callbacks.on_event) state.callbacks.on_event(event);
    return true;
  }

  // The server keeps an object it was asked to delete while finalizers or a
  // grace period hold it; otherwise the body is the object's last state.
  static bool StillHeld(const json::object& obj) {
    const auto* meta = obj.if_contains("metadata");
    if (!meta || !meta->is_object()) return false;
    const auto& m = meta->get_object();
    if (!m.contains("deletionTimestamp")) return false;
    const auto* finalizers = m.if_contains("finalizers");
    if (finalizers && finalizers->is_array() && !finalizers->get_array().empty()) return true;
    const auto* grace = m.if_contains("deletionGracePeriodSeconds");
    return grace && grace->is_int64() && grace->get_int64() > 0;
  }

  static std::string Body(const Resource& r, const json::object& obj) {
    if (obj.contains("apiVersion") && obj.contains("kind")) return json::serialize(obj);
    json::object copy = obj;
    if (!copy.contains("apiVersion")) copy["apiVersion"] = r.ApiVersion();
    if (!copy.contains("kind")) copy["kind"] = r.kind;
    return json::serialize(copy);
  }

  StatusOr<ObjectPtr> ObjectCall(std::string_view method, const std::string& path, std::string_view content_type,
                                 const std::string& body) {
    auto res = Call(method, path, content_type, body);
    if (!res.ok()) return res.status();
    if (res->code < 200 || res->code > 299) return StatusFromResponse(res->code, res->body);
    auto decoded = DecodeObject(res->body);
    if (!decoded.ok()) return decoded.status();
    return MakeObject(std::move(*decoded));
  }

  StatusOr<net::HttpResult> Call(std::string_view method, const std::string& path, std::string_view content_type,
                                 const std::string& body) {
    auto conn = Acquire();
    if (!conn.ok()) return conn.status();
    auto res = (*conn)->Request(method, path, content_type, body);
    Release(std::move(*conn));
    VLOG(6) << method << " " << path << " -> " << (res.ok() ? std::to_string(res->code) : res.status().ToString());
    return res;
  }

  StatusOr<std::unique_ptr<net::HttpsClient>> Acquire() {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
    l.unlock();
    auto c = net::HttpsClient::Create(options_);
    if (!c.ok()) {
      std::lock_guard<std::mutex> relock(mu_);
      --open_;
      cv_.notify_one();
    }
    return c;
  }

  void Release(std::unique_ptr<net::HttpsClient> c) {
    std::lock_guard<std::mutex> l(mu_);
    idle_.push_back(std::move(c));
    cv_.notify_one();
  }

  // Constant after construction.
  const net::HttpsClientOptions options_;
  const int max_connections_;
  std::unique_ptr<net::WatchPool> pool_;

  std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_.
  std::vector<std::unique_ptr<net::HttpsClient>> idle_;
  int open_ = 0;
};

}  // namespace

StatusOr<std::unique_ptr<ApiClient>> NewRestClient(const ClientConfig& config, const RestClientOptions& options) {
  net::HttpsClientOptions o;
  o.host = config.host;
  o.port = config.port;
  o.server_name = config.tls_server_name;
  if (!config.insecure_skip_tls_verify) o.ca_pem = config.ca_pem;
  o.cert_pem = config.cert_pem;
  o.key_pem = config.key_pem;
  o.bearer_token = config.bearer_token;
  o.user_agent = options.user_agent;
  // Fails early on bad certificates rather than at the first request.
  auto probe = net::HttpsClient::Create(o);
  if (!probe.ok()) return probe.status();
  auto pool = net::WatchPool::Create(o, options.watch_threads);
  if (!pool.ok()) return pool.status();
  auto client = std::make_unique<RestClientImpl>(o, options.connections, std::move(*pool));
  return std::unique_ptr<ApiClient>(std::move(client));
}

}  // namespace kubepp::client
