#include "fakes/fake_watch.h"

#include <map>

#include <boost/json/serialize.hpp>

namespace kubepp::fakes {

using client::WatchEvent;
using client::WatchEventType;

std::string FieldValue(const boost::json::object& obj, std::string_view path) {
  const boost::json::object* cur = &obj;
  while (true) {
    auto dot = path.find('.');
    std::string_view head = path.substr(0, dot);
    const auto* v = cur->if_contains(head);
    if (!v) return "";
    if (dot == std::string_view::npos) {
      if (v->is_string()) return std::string(v->get_string());
      if (v->is_null()) return "";
      return boost::json::serialize(*v);
    }
    if (!v->is_object()) return "";
    cur = &v->get_object();
    path = path.substr(dot + 1);
  }
}

FakeWatch::FakeWatch(std::string resource_id, std::string ns, api::LabelSelector labels,
                     api::FieldSelector fields, bool bookmarks, client::WatchCallbacks callbacks)
    : resource_id_(std::move(resource_id)), ns_(std::move(ns)), labels_(std::move(labels)),
      fields_(std::move(fields)), bookmarks_(bookmarks), callbacks_(std::move(callbacks)) {}

void FakeWatch::Start() {
  thread_ = std::thread([self = shared_from_this()] { self->Run(); });
}

bool FakeWatch::Matches(const boost::json::object& obj) const {
  if (!ns_.empty() && client::NamespaceOf(obj) != ns_) return false;
  if (!labels_.Empty()) {
    const boost::json::object* labels = nullptr;
    if (const auto* meta = obj.if_contains("metadata"); meta && meta->is_object()) {
      if (const auto* l = meta->get_object().if_contains("labels"); l && l->is_object()) labels = &l->get_object();
    }
    if (!labels_.Matches(labels)) return false;
  }
  if (!fields_.Empty()) {
    std::map<std::string, std::string, std::less<>> values;
    for (const auto& req : fields_.requirements()) values[req.field] = FieldValue(obj, req.field);
    if (!fields_.Matches(values)) return false;
  }
  return true;
}

void FakeWatch::Offer(const std::string& resource_id, WatchEventType type, const client::ObjectPtr& obj,
                      const client::ObjectPtr& old_obj) {
  if (resource_id != resource_id_) return;
  bool now = Matches(*obj);
  bool before = old_obj && Matches(*old_obj);
  WatchEventType out;
  switch (type) {
    case WatchEventType::kAdded:
      if (!now) return;
      out = WatchEventType::kAdded;
      break;
    case WatchEventType::kModified:
      if (now && before) {
        out = WatchEventType::kModified;
      } else if (now) {
        out = WatchEventType::kAdded;
      } else if (before) {
        out = WatchEventType::kDeleted;
      } else {
        return;
      }
      break;
    case WatchEventType::kDeleted:
      if (!now) return;
      out = WatchEventType::kDeleted;
      break;
    default:
      out = type;
  }
  std::lock_guard<std::mutex> l(mu_);
  if (stopped_ || closed_) return;
  events_.push_back(WatchEvent{out, obj});
  cv_.notify_one();
}

void FakeWatch::OfferBookmark(const std::string& resource_id, const std::string& resource_version) {
  if (resource_id != resource_id_ || !bookmarks_) return;
  boost::json::object bookmark;
  bookmark["metadata"] = boost::json::object{{"resourceVersion", resource_version}};
  std::lock_guard<std::mutex> l(mu_);
  if (stopped_ || closed_) return;
  events_.push_back(WatchEvent{WatchEventType::kBookmark, client::MakeObject(std::move(bookmark))});
  cv_.notify_one();
}

void FakeWatch::Close(Status status) {
  std::lock_guard<std::mutex> l(mu_);
  if (closed_) return;
  closed_ = true;
  close_status_ = std::move(status);
  cv_.notify_one();
}

void FakeWatch::Stop() {
  std::lock_guard<std::mutex> l(mu_);
  stopped_ = true;
  cv_.notify_one();
}

void FakeWatch::StopAndJoin() {
  Stop();
  if (!thread_.joinable()) return;
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();  // the handle died inside a callback: the thread ends by itself
  } else {
    thread_.join();
  }
}

bool FakeWatch::Finished() const {
  std::lock_guard<std::mutex> l(mu_);
  return finished_ || stopped_ || closed_;
}

void FakeWatch::Run() {
  std::unique_lock<std::mutex> l(mu_);
  while (true) {
    cv_.wait(l, [&] { return stopped_ || closed_ || !events_.empty(); });
    if (stopped_) break;
    if (!events_.empty()) {
      WatchEvent e = std::move(events_.front());
      events_.pop_front();
      l.unlock();
      if (callbacks_.on_event) callbacks_.on_event(e);
      l.lock();
      continue;
    }
    if (closed_) break;
  }
  Status status = stopped_ ? Status::Ok() : close_status_;
  finished_ = true;
  l.unlock();
  if (callbacks_.on_done) callbacks_.on_done(status);
}

}  // namespace kubepp::fakes
