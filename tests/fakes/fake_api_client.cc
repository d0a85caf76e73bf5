// FakeApiClientImpl keeps every object of every resource in ordered maps
// (so lists come back sorted by namespace/name, as etcd returns them), one
// resourceVersion counter, and a history of changes that watches replay from
// any resourceVersion not older than the last Compact().
#include "fakes/fake_api_client.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <map>
#include <random>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/patch/patch.h"
#include "api/resources/catalog.h"
#include "client/time_format.h"
#include "fakes/fake_watch.h"

namespace kubepp::fakes {
namespace {

namespace json = boost::json;
using client::DeleteOptions;
using client::ListOptions;
using client::ObjectList;
using client::ObjectPtr;
using client::PatchType;
using client::Resource;
using client::WatchCallbacks;
using client::WatchEventType;
using client::WatchHandle;

// The group/resource text upstream puts in messages: "pods", "deployments.apps".
std::string GroupResource(const Resource& r) { return r.group.empty() ? r.resource : r.resource + "." + r.group; }
std::string ResourceId(const Resource& r) { return r.group + "/" + r.resource; }

json::object& Meta(json::object& obj) {
  auto& m = obj["metadata"];
  if (!m.is_object()) m = json::object();
  return m.get_object();
}

const json::object* MetaOf(const json::object& obj) {
  const auto* m = obj.if_contains("metadata");
  return m && m->is_object() ? &m->get_object() : nullptr;
}

bool HasFinalizers(const json::object& obj) {
  const auto* m = MetaOf(obj);
  if (!m) return false;
  const auto* f = m->if_contains("finalizers");
  return f && f->is_array() && !f->get_array().empty();
}

bool Deleting(const json::object& obj) {
  const auto* m = MetaOf(obj);
  return m && m->if_contains("deletionTimestamp") && !m->at("deletionTimestamp").is_null();
}

bool HasStatusSubresource(const Resource& r) {
  const auto* info = api::Catalog::Get().Find(r.group, r.version, r.resource);
  return info && info->HasSubresource("status");
}

// Everything but metadata and status: a change here bumps metadata.generation.
bool SpecChanged(const json::object& a, const json::object& b) {
  auto strip = [](const json::object& o) {
    json::object c = o;
    c.erase("metadata");
    c.erase("status");
    return c;
  };
  return strip(a) != strip(b);
}

class FakeWatchHandle : public WatchHandle {
 public:
  explicit FakeWatchHandle(std::shared_ptr<FakeWatch> watch) : watch_(std::move(watch)) {}
  ~FakeWatchHandle() override { watch_->StopAndJoin(); }
  void Stop() override { watch_->Stop(); }

 private:
  std::shared_ptr<FakeWatch> watch_;
};

class FakeApiClientImpl : public FakeApiClient {
 public:
  explicit FakeApiClientImpl(Clock& clock) : clock_(clock), rng_(std::random_device{}()) {}

  ~FakeApiClientImpl() override {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& w : watches_) w->Stop();
  }

  // --- ApiClient ---

  StatusOr<ObjectPtr> Get(const Resource& r, std::string_view ns, std::string_view name) override {
    KUBEPP_RETURN_IF_ERROR(Record("get", r, "", ns, name));
    std::lock_guard<std::mutex> l(mu_);
    auto obj = FindLocked(r, ns, name);
    if (!obj) return NotFound(r, name);
    return obj;
  }

  StatusOr<ObjectList> List(const Resource& r, std::string_view ns, const ListOptions& options) override {
    KUBEPP_RETURN_IF_ERROR(Record("list", r, "", ns, ""));
    auto watch = MakeWatch(r, ns, options, {});
    if (!watch.ok()) return watch.status();
    std::lock_guard<std::mutex> l(mu_);
    ObjectList out;
    out.resource_version = std::to_string(rv_);
    auto& objects = store_[ResourceId(r)];
    auto it = options.continue_token.empty() ? objects.begin() : objects.upper_bound(options.continue_token);
    for (; it != objects.end(); ++it) {
      if (!(*watch)->Matches(*it->second)) continue;
      if (options.limit > 0 && static_cast<int64_t>(out.items.size()) == options.limit) {
        out.continue_token = client::KeyOf(*out.items.back());
        break;
      }
      out.items.push_back(it->second);
    }
    return out;
  }

  StatusOr<ObjectPtr> Create(const Resource& r, std::string_view ns, const json::object& obj) override {
    KUBEPP_RETURN_IF_ERROR(Record("create", r, "", ns, client::NameOf(obj)));
    std::lock_guard<std::mutex> l(mu_);
    return CreateLocked(r, ns, obj);
  }

  StatusOr<ObjectPtr> Update(const Resource& r, std::string_view ns, const json::object& obj,
                             std::string_view subresource) override {
    KUBEPP_RETURN_IF_ERROR(Record("update", r, subresource, ns, client::NameOf(obj)));
    std::lock_guard<std::mutex> l(mu_);
    return UpdateLocked(r, ns, obj, subresource);
  }

  StatusOr<ObjectPtr> Patch(const Resource& r, std::string_view ns, std::string_view name, PatchType type,
                            std::string_view patch, std::string_view subresource) override {
    KUBEPP_RETURN_IF_ERROR(Record("patch", r, subresource, ns, name));
    boost::system::error_code ec;
    json::value body = json::parse(patch, ec);
    if (ec) return Status::BadRequest("error decoding patch: " + ec.message());
    std::lock_guard<std::mutex> l(mu_);
    auto stored = FindLocked(r, ns, name);
    if (!stored) return NotFound(r, name);
    json::value doc(*stored);
    StatusOr<json::value> patched = Status::Internal("unknown patch type");
    switch (type) {
      case PatchType::kJson: patched = api::ApplyJsonPatch(doc, body); break;
      case PatchType::kMerge: patched = api::ApplyMergePatch(doc, body); break;
      case PatchType::kStrategicMerge:
        patched = api::ApplyStrategicMergePatch(doc, body, r.ApiVersion(), r.kind);
        break;
    }
    if (!patched.ok()) return patched.status();
    if (!patched->is_object()) return Status::BadRequest("patch did not produce an object");
    json::object result = std::move(patched->get_object());
    // A patch names its target by URL; a resourceVersion it carries is a precondition.
    std::string_view patched_rv = client::ResourceVersionOf(result);
    if (patched_rv.empty()) Meta(result)["resourceVersion"] = client::ResourceVersionOf(*stored);
    Meta(result)["name"] = name;
    return UpdateLocked(r, ns, result, subresource);
  }

  StatusOr<ObjectPtr> Delete(const Resource& r, std::string_view ns, std::string_view name,
                             const DeleteOptions& options) override {
    KUBEPP_RETURN_IF_ERROR(Record("delete", r, "", ns, name));
    std::lock_guard<std::mutex> l(mu_);
    return DeleteLocked(r, ns, name, options);
  }

  StatusOr<ObjectPtr> CreateSubresource(const Resource& r, std::string_view ns, std::string_view name,
                                        std::string_view subresource, const json::object& obj) override {
    KUBEPP_RETURN_IF_ERROR(Record("create-subresource", r, subresource, ns, name));
    std::lock_guard<std::mutex> l(mu_);
    if (r.group.empty() && r.resource == "pods" && subresource == "binding") return BindLocked(r, ns, name, obj);
    if (r.group.empty() && r.resource == "pods" && subresource == "eviction") {
      auto deleted = DeleteLocked(r, ns, name, {});
      if (!deleted.ok()) return deleted.status();
      return SuccessStatus(201);
    }
    return Status::NotFound("the server could not find the requested resource");
  }

  StatusOr<std::unique_ptr<WatchHandle>> Watch(const Resource& r, std::string_view ns, const ListOptions& options,
                                               WatchCallbacks callbacks) override {
    KUBEPP_RETURN_IF_ERROR(Record("watch", r, "", ns, ""));
    auto made = MakeWatch(r, ns, options, std::move(callbacks));
    if (!made.ok()) return made.status();
    std::shared_ptr<FakeWatch> watch = std::move(*made);
    std::string id = ResourceId(r);
    std::lock_guard<std::mutex> l(mu_);
    const std::string& from = options.resource_version;
    if (from.empty() || from == "0") {
      for (const auto& [key, obj] : store_[id]) watch->Offer(id, WatchEventType::kAdded, obj, nullptr);
    } else {
      int64_t since = 0;
      auto [p, ec] = std::from_chars(from.data(), from.data() + from.size(), since);
      if (ec != std::errc() || p != from.data() + from.size()) {
        return Status::BadRequest("invalid resource version: " + from);
      }
      if (since < compacted_rv_) {
        return Status::Gone("too old resource version: " + from + " (" + std::to_string(compacted_rv_ + 1) + ")");
      }
      for (const auto& h : history_) {
        if (h.rv > since) watch->Offer(h.resource_id, h.type, h.obj, h.old);
      }
    }
    std::erase_if(watches_, [](const auto& w) { return w->Finished(); });
    watches_.push_back(watch);
    watch->Start();
    return std::unique_ptr<WatchHandle>(std::make_unique<FakeWatchHandle>(watch));
  }

  // --- FakeApiClient ---

  ObjectPtr Seed(const Resource& r, json::object obj) override {
    std::lock_guard<std::mutex> l(mu_);
    std::string ns(client::NamespaceOf(obj));
    auto created = CreateLocked(r, ns, obj);
    return created.ok() ? *created : nullptr;
  }

  std::vector<FakeAction> Actions() const override {
    std::lock_guard<std::mutex> l(mu_);
    return actions_;
  }

  void ClearActions() override {
    std::lock_guard<std::mutex> l(mu_);
    actions_.clear();
  }

  void SetReactor(std::function<Status(const FakeAction&)> reactor) override {
    std::lock_guard<std::mutex> l(mu_);
    reactor_ = std::make_shared<std::function<Status(const FakeAction&)>>(std::move(reactor));
  }

  void CloseWatches(Status status) override {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& w : watches_) w->Close(status);
    watches_.clear();
  }

  void Compact() override {
    std::lock_guard<std::mutex> l(mu_);
    history_.clear();
    compacted_rv_ = rv_;
  }

  void SendBookmark(const Resource& r) override {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& w : watches_) w->OfferBookmark(ResourceId(r), std::to_string(rv_));
  }

  int OpenWatches() const override {
    std::lock_guard<std::mutex> l(mu_);
    return static_cast<int>(std::count_if(watches_.begin(), watches_.end(), [](const auto& w) { return !w->Finished(); }));
  }

  std::string CurrentResourceVersion() const override {
    std::lock_guard<std::mutex> l(mu_);
    return std::to_string(rv_);
  }

 private:
  struct Change {
    int64_t rv;
    std::string resource_id;
    WatchEventType type;
    ObjectPtr obj;
    ObjectPtr old;
  };
  // History kept for watches; older changes are dropped as by a compaction.
  static constexpr size_t kMaxHistory = 200000;

  Status Record(const char* verb, const Resource& r, std::string_view sub, std::string_view ns,
                std::string_view name) {
    FakeAction action{verb, r.resource, std::string(sub), std::string(ns), std::string(name)};
    std::shared_ptr<std::function<Status(const FakeAction&)>> reactor;
    {
      std::lock_guard<std::mutex> l(mu_);
      actions_.push_back(action);
      reactor = reactor_;
    }
    if (reactor && *reactor) return (*reactor)(action);
    return Status::Ok();
  }

  StatusOr<std::shared_ptr<FakeWatch>> MakeWatch(const Resource& r, std::string_view ns,
                                                  const ListOptions& options, WatchCallbacks callbacks) {
    api::LabelSelector labels;
    api::FieldSelector fields;
    if (!options.label_selector.empty()) {
      auto parsed = api::LabelSelector::Parse(options.label_selector);
      if (!parsed.ok()) return parsed.status();
      labels = std::move(*parsed);
    }
    if (!options.field_selector.empty()) {
      auto parsed = api::FieldSelector::Parse(options.field_selector);
      if (!parsed.ok()) return parsed.status();
      fields = std::move(*parsed);
    }
    return std::make_shared<FakeWatch>(ResourceId(r), r.namespaced ? std::string(ns) : std::string(),
                                       std::move(labels), std::move(fields), options.allow_watch_bookmarks,
                                       std::move(callbacks));
  }

  static Status NotFound(const Resource& r, std::string_view name) {
    return Status::NotFound(GroupResource(r) + " \"" + std::string(name) + "\" not found");
  }
  static Status ConflictModified(const Resource& r, std::string_view name) {
    return Status::Conflict("Operation cannot be fulfilled on " + GroupResource(r) + " \"" + std::string(name) +
                            "\": the object has been modified; please apply your changes to the latest "
                            "version and try again");
  }
  static ObjectPtr SuccessStatus(int code) {
    return client::MakeObject(json::object{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()},
                                           {"status", "Success"}, {"code", code}});
  }

  ObjectPtr FindLocked(const Resource& r, std::string_view ns, std::string_view name) {
    auto& objects = store_[ResourceId(r)];
    auto it = objects.find(client::MakeKey(r.namespaced ? ns : std::string_view(), name));
    return it == objects.end() ? nullptr : it->second;
  }

  std::string RandomSuffix(size_t n) {
    static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string s;
    for (size_t i = 0; i < n; ++i) s.push_back(kAlphabet[rng_() % (sizeof kAlphabet - 1)]);
    return s;
  }

  std::string NewUid() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 32; ++i) {
      if (i == 8 || i == 12 || i == 16 || i == 20) s.push_back('-');
      int v = static_cast<int>(rng_() % 16);
      if (i == 12) v = 4;
      if (i == 16) v = 8 | (v & 3);
      s.push_back(kHex[v]);
    }
    return s;
  }

  void EmitLocked(const std::string& id, WatchEventType type, const ObjectPtr& obj, const ObjectPtr& old) {
    history_.push_back(Change{rv_, id, type, obj, old});
    if (history_.size() > kMaxHistory) {
      compacted_rv_ = history_.front().rv;
      history_.pop_front();
    }
    for (auto& w : watches_) w->Offer(id, type, obj, old);
  }

  StatusOr<ObjectPtr> CreateLocked(const Resource& r, std::string_view ns, const json::object& in) {
    json::object obj = in;
    obj["apiVersion"] = r.ApiVersion();
    obj["kind"] = r.kind;
    auto& meta = Meta(obj);
    std::string name(client::NameOf(obj));
    if (name.empty()) {
      const auto* gen = meta.if_contains("generateName");
      if (gen && gen->is_string() && !gen->get_string().empty()) {
        name = std::string(gen->get_string()) + RandomSuffix(5);
        meta["name"] = name;
      } else {
        return Status::Invalid(r.kind + " \"\" is invalid: metadata.name: Required value: name or generateName is "
                                        "required",
                               {{"FieldValueRequired", "Required value: name or generateName is required",
                                 "metadata.name"}});
      }
    }
    if (r.namespaced) {
      std::string_view body_ns = client::NamespaceOf(obj);
      if (!ns.empty() && !body_ns.empty() && body_ns != ns) {
        return Status::BadRequest("the namespace of the provided object does not match the namespace sent on "
                                  "the request");
      }
      std::string use = !ns.empty() ? std::string(ns) : !body_ns.empty() ? std::string(body_ns) : "default";
      meta["namespace"] = use;
    } else {
      meta.erase("namespace");
    }
    std::string key = client::KeyOf(obj);
    std::string id = ResourceId(r);
    auto& objects = store_[id];
    if (objects.count(key)) {
      return Status::AlreadyExists(GroupResource(r) + " \"" + name + "\" already exists");
    }
    meta["uid"] = NewUid();
    meta["creationTimestamp"] = client::FormatTime(clock_.Now());
    meta["generation"] = 1;
    meta.erase("deletionTimestamp");
    ++rv_;
    meta["resourceVersion"] = std::to_string(rv_);
    ObjectPtr stored = client::MakeObject(std::move(obj));
    objects[key] = stored;
    EmitLocked(id, WatchEventType::kAdded, stored, nullptr);
    return stored;
  }

  StatusOr<ObjectPtr> UpdateLocked(const Resource& r, std::string_view ns, const json::object& in,
                                   std::string_view subresource) {
    std::string name(client::NameOf(in));
    auto old = FindLocked(r, ns, name);
    if (!old) return NotFound(r, name);
    std::string_view want_rv = client::ResourceVersionOf(in);
    if (!want_rv.empty() && want_rv != client::ResourceVersionOf(*old)) return ConflictModified(r, name);

    json::object obj;
    if (subresource == "status") {
      obj = *old;
      if (const auto* st = in.if_contains("status")) {
        obj["status"] = *st;
      } else {
        obj.erase("status");
      }
    } else if (!subresource.empty()) {
      return Status::NotFound("the server could not find the requested resource");
    } else {
      obj = in;
      obj["apiVersion"] = r.ApiVersion();
      obj["kind"] = r.kind;
      if (HasStatusSubresource(r)) {
        if (const auto* st = old->if_contains("status")) {
          obj["status"] = *st;
        } else {
          obj.erase("status");
        }
      }
      auto& meta = Meta(obj);
      const auto* old_meta = MetaOf(*old);
      for (const char* field : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                                "namespace", "generation"}) {
        const auto* v = old_meta ? old_meta->if_contains(field) : nullptr;
        if (v) {
          meta[field] = *v;
        } else {
          meta.erase(field);
        }
      }
      if (SpecChanged(*old, obj)) {
        const auto* gen = old_meta ? old_meta->if_contains("generation") : nullptr;
        int64_t g = gen && gen->is_int64() ? gen->get_int64() : 0;
        meta["generation"] = g + 1;
      }
    }
    Meta(obj)["resourceVersion"] = client::ResourceVersionOf(*old);
    if (obj == *old) return old;  // a no-op write changes nothing, as upstream

    std::string id = ResourceId(r);
    std::string key = client::KeyOf(*old);
    ++rv_;
    Meta(obj)["resourceVersion"] = std::to_string(rv_);
    ObjectPtr stored = client::MakeObject(std::move(obj));
    if (Deleting(*stored) && !HasFinalizers(*stored)) {
      store_[id].erase(key);
      EmitLocked(id, WatchEventType::kDeleted, stored, stored);
      return stored;
    }
    store_[id][key] = stored;
    EmitLocked(id, WatchEventType::kModified, stored, old);
    return stored;
  }

  StatusOr<ObjectPtr> DeleteLocked(const Resource& r, std::string_view ns, std::string_view name,
                                   const DeleteOptions& options) {
    auto old = FindLocked(r, ns, name);
    if (!old) return NotFound(r, name);
    std::string prefix = "Operation cannot be fulfilled on " + GroupResource(r) + " \"" + std::string(name) +
                         "\": Precondition failed: ";
    if (!options.precondition_uid.empty() && options.precondition_uid != client::UidOf(*old)) {
      return Status::Conflict(prefix + "UID in precondition: " + options.precondition_uid +
                              ", UID in object meta: " + std::string(client::UidOf(*old)));
    }
    if (!options.precondition_resource_version.empty() &&
        options.precondition_resource_version != client::ResourceVersionOf(*old)) {
      return Status::Conflict(prefix + "ResourceVersion in precondition: " + options.precondition_resource_version +
                              ", ResourceVersion in object meta: " + std::string(client::ResourceVersionOf(*old)));
    }
    std::string id = ResourceId(r);
    std::string key = client::KeyOf(*old);
    int64_t grace = GracePeriodLocked(r, *old, options);
    if (Deleting(*old)) {
      // A second request may shorten the grace period granted, never lengthen it.
      const auto* granted = MetaOf(*old)->if_contains("deletionGracePeriodSeconds");
      int64_t had = granted && granted->is_int64() ? granted->get_int64() : 0;
      if (grace >= had) return old;
    }
    if (grace > 0 || HasFinalizers(*old)) {
      // Kept for now: a pod's kubelet finishes a graceful deletion, a
      // finalizer's owner removes the finalizer.
      json::object obj = *old;
      ++rv_;
      Meta(obj)["resourceVersion"] = std::to_string(rv_);
      Meta(obj)["deletionTimestamp"] = client::FormatTime(clock_.Now() + std::chrono::seconds(grace));
      Meta(obj)["deletionGracePeriodSeconds"] = grace;
      ObjectPtr stored = client::MakeObject(std::move(obj));
      store_[id][key] = stored;
      EmitLocked(id, WatchEventType::kModified, stored, old);
      return stored;
    }
    json::object obj = *old;
    ++rv_;
    Meta(obj)["resourceVersion"] = std::to_string(rv_);
    ObjectPtr gone = client::MakeObject(std::move(obj));
    store_[id].erase(key);
    EmitLocked(id, WatchEventType::kDeleted, gone, gone);
    return ObjectPtr();
  }

  // Pods end gracefully, as upstream's pod strategy decides: the request's
  // period, else spec.terminationGracePeriodSeconds (30 when absent, as
  // defaulting would set it); none for pods never scheduled or already
  // finished. Other kinds go at once.
  static int64_t GracePeriodLocked(const Resource& r, const json::object& obj, const DeleteOptions& options) {
    if (!(r.group.empty() && r.resource == "pods")) return 0;
    if (FieldValue(obj, "spec.nodeName").empty()) return 0;
    std::string phase = FieldValue(obj, "status.phase");
    if (phase == "Succeeded" || phase == "Failed") return 0;
    if (options.grace_period_seconds) return std::max<int64_t>(0, *options.grace_period_seconds);
    std::string spec = FieldValue(obj, "spec.terminationGracePeriodSeconds");
    return spec.empty() ? 30 : std::max<int64_t>(0, std::atoll(spec.c_str()));
  }

  StatusOr<ObjectPtr> BindLocked(const Resource& r, std::string_view ns, std::string_view name,
                                 const json::object& binding) {
    auto old = FindLocked(r, ns, name);
    if (!old) return NotFound(r, name);
    std::string node = FieldValue(binding, "target.name");
    if (node.empty()) return Status::Invalid("Binding \"" + std::string(name) + "\" is invalid: target.name: Required value");
    std::string current = FieldValue(*old, "spec.nodeName");
    if (!current.empty()) {
      return Status::Conflict("Operation cannot be fulfilled on pods/binding \"" + std::string(name) +
                              "\": pod " + std::string(name) + " is already assigned to node \"" + current + "\"");
    }
    if (Deleting(*old)) {
      return Status::Conflict("Operation cannot be fulfilled on pods/binding \"" + std::string(name) +
                              "\": pod " + std::string(name) + " is being deleted, cannot be assigned to a host");
    }
    json::object obj = *old;
    auto& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    spec.get_object()["nodeName"] = node;
    if (const auto* bm = MetaOf(binding); bm && bm->if_contains("annotations") &&
                                          bm->at("annotations").is_object()) {
      auto& ann = Meta(obj)["annotations"];
      if (!ann.is_object()) ann = json::object();
      for (const auto& [k, v] : bm->at("annotations").get_object()) ann.get_object()[k] = v;
    }
    SetPodScheduled(obj);
    ++rv_;
    Meta(obj)["resourceVersion"] = std::to_string(rv_);
    ObjectPtr stored = client::MakeObject(std::move(obj));
    std::string id = ResourceId(r);
    store_[id][client::KeyOf(*stored)] = stored;
    EmitLocked(id, WatchEventType::kModified, stored, old);
    return SuccessStatus(201);
  }

  void SetPodScheduled(json::object& pod) {
    auto& status = pod["status"];
    if (!status.is_object()) status = json::object();
    auto& conds = status.get_object()["conditions"];
    if (!conds.is_array()) conds = json::array();
    json::object cond{{"type", "PodScheduled"}, {"status", "True"}, {"lastProbeTime", nullptr},
                      {"lastTransitionTime", client::FormatTime(clock_.Now())}};
    for (auto& c : conds.get_array()) {
      if (c.is_object() && FieldValue(c.get_object(), "type") == "PodScheduled") {
        if (FieldValue(c.get_object(), "status") != "True") c = cond;
        return;
      }
    }
    conds.get_array().push_back(cond);
  }

  Clock& clock_;
  mutable std::mutex mu_;
  // Guarded by mu_.
  std::mt19937_64 rng_;
  int64_t rv_ = 0;
  int64_t compacted_rv_ = 0;
  std::map<std::string, std::map<std::string, ObjectPtr>> store_;  // resource id -> key -> object
  std::deque<Change> history_;
  std::vector<std::shared_ptr<FakeWatch>> watches_;
  std::vector<FakeAction> actions_;
  std::shared_ptr<std::function<Status(const FakeAction&)>> reactor_;
};

}  // namespace

std::unique_ptr<FakeApiClient> FakeApiClient::Create(Clock& clock) {
  return std::make_unique<FakeApiClientImpl>(clock);
}

}  // namespace kubepp::fakes
