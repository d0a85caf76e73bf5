// FakeWatch: one watch stream of FakeApiClient — a queue of events filtered
// by namespace and selectors, drained in order by the stream's own thread,
// which calls on_done exactly once at the end (Stop: OK; Close: its status).
//
// Thread safety: Offer/Close/Stop from any thread; callbacks on the stream's
// thread only.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "api/labels/selector.h"
#include "client/api_client.h"

namespace kubepp::fakes {

class FakeWatch : public std::enable_shared_from_this<FakeWatch> {
 public:
  FakeWatch(std::string resource_id, std::string ns, api::LabelSelector labels, api::FieldSelector fields,
            bool bookmarks, client::WatchCallbacks callbacks);

  // Starts the delivery thread, which keeps this watch alive until it ends.
  // REQUIRES: called once, on a watch owned by a shared_ptr.
  void Start();
  // Queues the event as this watcher sees it: a change that moves an object
  // into the selection is ADDED, out of it DELETED. `old_obj` may be null.
  void Offer(const std::string& resource_id, client::WatchEventType type, const client::ObjectPtr& obj,
             const client::ObjectPtr& old_obj);
  void OfferBookmark(const std::string& resource_id, const std::string& resource_version);
  // Ends the stream after the queued events with `status`.
  void Close(Status status);
  // Ends the stream now; on_done gets OK.
  void Stop();
  // Stops and waits for the delivery thread (unless called from it).
  void StopAndJoin();
  bool Finished() const;
  bool Matches(const boost::json::object& obj) const;

 private:
  void Run();

  // Constant after construction.
  const std::string resource_id_;
  const std::string ns_;
  const api::LabelSelector labels_;
  const api::FieldSelector fields_;
  const bool bookmarks_;
  const client::WatchCallbacks callbacks_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_.
  std::deque<client::WatchEvent> events_;
  bool stopped_ = false;
  bool closed_ = false;
  bool finished_ = false;
  Status close_status_;
  std::thread thread_;
};

// The value of a dotted field path ("spec.nodeName") as a field selector
// compares it: strings as they are, numbers and booleans as text, "" when absent.
std::string FieldValue(const boost::json::object& obj, std::string_view path);

}  // namespace kubepp::fakes
