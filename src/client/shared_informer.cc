#include "client/shared_informer.h"

#include <unordered_set>

namespace kubepp::client {

SharedInformer::SharedInformer(ApiClient& client, Clock& clock, Resource resource, InformerOptions options,
                               std::function<void()> on_synced)
    : resource_(std::move(resource)), options_(std::move(options)), on_synced_(std::move(on_synced)) {
  ListOptions list;
  list.label_selector = options_.label_selector;
  list.field_selector = options_.field_selector;
  ReflectorSink sink;
  sink.replace = [this](std::vector<ObjectPtr> items, const std::string& rv) { Replace(std::move(items), rv); };
  sink.apply = [this](const WatchEvent& e) { Apply(e); };
  reflector_ = std::make_unique<Reflector>(client, clock, resource_, options_.namespace_, std::move(list),
                                           std::move(sink));
}

SharedInformer::~SharedInformer() { Stop(); }

void SharedInformer::Start() {
  {
    std::lock_guard<std::mutex> l(write_mu_);
    if (started_) return;
    started_ = true;
  }
  dispatcher_ = std::thread([this] { Dispatch(); });
  reflector_->Start();
}

void SharedInformer::Stop() {
  reflector_->Stop();
  {
    std::lock_guard<std::mutex> l(dispatch_mu_);
    stopping_ = true;
    dispatch_cv_.notify_all();
  }
  if (dispatcher_.joinable()) dispatcher_.join();
}

void SharedInformer::AddIndex(std::string name, IndexFunc func) { cache_.AddIndex(std::move(name), std::move(func)); }

void SharedInformer::AddEventHandler(EventHandler handler) {
  std::lock_guard<std::mutex> l(write_mu_);
  handlers_joining_.fetch_add(1, std::memory_order_acq_rel);
  Notification n{Notification::Kind::kNewHandler, nullptr, nullptr,
                 std::make_shared<EventHandler>(std::move(handler)), cache_.List()};
  std::vector<Notification> batch;
  batch.push_back(std::move(n));
  Push(std::move(batch));
}

bool SharedInformer::HasSynced() const {
  return delivered_.load(std::memory_order_acquire) && handlers_joining_.load(std::memory_order_acquire) == 0;
}

ObjectPtr SharedInformer::Get(std::string_view key) const { return cache_.Get(key); }

ObjectPtr SharedInformer::Get(std::string_view ns, std::string_view name) const {
  return cache_.Get(MakeKey(resource_.namespaced ? ns : std::string_view(), name));
}

std::vector<ObjectPtr> SharedInformer::List() const { return cache_.List(); }

std::vector<ObjectPtr> SharedInformer::ListNamespace(std::string_view ns) const {
  return cache_.ByIndex(kNamespaceIndex, ns);
}

std::vector<ObjectPtr> SharedInformer::ByIndex(std::string_view index, std::string_view value) const {
  return cache_.ByIndex(index, value);
}

std::string SharedInformer::LastSyncResourceVersion() const { return reflector_->LastResourceVersion(); }

void SharedInformer::Replace(std::vector<ObjectPtr> items, const std::string& resource_version) {
  std::vector<Notification> batch;
  {
    std::lock_guard<std::mutex> l(write_mu_);
    std::unordered_set<std::string> listed;
    listed.reserve(items.size());
    for (auto& obj : items) {
      std::string key = KeyOf(*obj);
      ObjectPtr old = cache_.Get(key);
      listed.insert(key);
      if (old && ResourceVersionOf(*old) == ResourceVersionOf(*obj)) continue;  // unchanged
      cache_.Upsert(key, obj);
      if (old) {
        batch.push_back({Notification::Kind::kUpdate, std::move(old), std::move(obj), nullptr, {}});
      } else {
        batch.push_back({Notification::Kind::kAdd, nullptr, std::move(obj), nullptr, {}});
      }
    }
    for (const auto& key : cache_.Keys()) {
      if (listed.count(key)) continue;
      ObjectPtr old = cache_.Remove(key);
      if (old) batch.push_back({Notification::Kind::kDelete, nullptr, std::move(old), nullptr, {}});
    }
    if (!listed_.exchange(true, std::memory_order_acq_rel)) {
      batch.push_back({Notification::Kind::kSynced, nullptr, nullptr, nullptr, {}});
    }
    Push(std::move(batch));
  }
}

void SharedInformer::Apply(const WatchEvent& e) {
  std::vector<Notification> batch;
  std::lock_guard<std::mutex> l(write_mu_);
  std::string key = KeyOf(*e.object);
  switch (e.type) {
    case WatchEventType::kAdded:
    case WatchEventType::kModified: {
      ObjectPtr old = cache_.Upsert(key, e.object);
      if (old) {
        batch.push_back({Notification::Kind::kUpdate, std::move(old), e.object, nullptr, {}});
      } else {
        batch.push_back({Notification::Kind::kAdd, nullptr, e.object, nullptr, {}});
      }
      break;
    }
    case WatchEventType::kDeleted: {
      ObjectPtr old = cache_.Remove(key);
      batch.push_back({Notification::Kind::kDelete, nullptr, old ? std::move(old) : e.object, nullptr, {}});
      break;
    }
    default:
      return;
  }
  Push(std::move(batch));
}

void SharedInformer::Push(std::vector<Notification> batch) {
  if (batch.empty()) return;
  std::lock_guard<std::mutex> l(dispatch_mu_);
  for (auto& n : batch) pending_.push_back(std::move(n));
  dispatch_cv_.notify_one();
}

void SharedInformer::Dispatch() {
  std::deque<Notification> work;
  while (true) {
    {
      std::unique_lock<std::mutex> l(dispatch_mu_);
      dispatch_cv_.wait(l, [&] { return stopping_ || !pending_.empty(); });
      if (stopping_) return;
      work.swap(pending_);
    }
    for (auto& n : work) {
      if (stopping_.load(std::memory_order_relaxed)) return;
      switch (n.kind) {
        case Notification::Kind::kNewHandler:
          if (n.handler->on_add) {
            for (const auto& obj : n.snapshot) n.handler->on_add(obj);
          }
          handlers_.push_back(std::move(n.handler));
          handlers_joining_.fetch_sub(1, std::memory_order_acq_rel);
          break;
        case Notification::Kind::kSynced:
          delivered_.store(true, std::memory_order_release);
          if (on_synced_) on_synced_();
          break;
        case Notification::Kind::kAdd:
          for (const auto& h : handlers_) {
            if (h->on_add) h->on_add(n.obj);
          }
          break;
        case Notification::Kind::kUpdate:
          for (const auto& h : handlers_) {
            if (h->on_update) h->on_update(n.old_obj, n.obj);
          }
          break;
        case Notification::Kind::kDelete:
          for (const auto& h : handlers_) {
            if (h->on_delete) h->on_delete(n.obj);
          }
          break;
      }
    }
    work.clear();
  }
}

}  // namespace kubepp::client
