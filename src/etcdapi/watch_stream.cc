#include "etcdapi/watch_stream.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "etcdapi/wire_encoding.h"

namespace kubepp::etcdapi {
namespace {

// A response larger than a client's default 4 MiB receive limit would be
// dropped by it; a big batch (a watch from an old revision) goes out in
// pieces of about this many bytes of events instead.
constexpr size_t kMaxEventBytesPerResponse = 1 << 20;

// etcd's clientv3.InvalidWatchID: the id of responses that belong to no watcher.
constexpr int64_t kNoWatchId = -1;

// WatchResponse.events
constexpr int kEventsField = 11;

// The events of one batch in wire form, each a complete WatchResponse.events
// entry; event i is bytes[ends[i-1], ends[i]).
struct EncodedEvents {
  std::string bytes;
  std::vector<size_t> ends;
};

// The key of EncodedEvents in a batch's memo.
constexpr char kEncodedEventsKey = 0;

std::shared_ptr<const EncodedEvents> Encode(const std::vector<store::Event>& events) {
  auto out = std::make_shared<EncodedEvents>();
  out->ends.reserve(events.size());
  api::protobuf::WireWriter w;
  for (const store::Event& e : events) {
    AppendEventEntry(kEventsField, e, w);
    out->ends.push_back(w.out().size());
  }
  out->bytes = std::move(w.out());
  return out;
}

}  // namespace

WatchStream::WatchStream(store::Store* store, ServerIdentity id,
                         std::shared_ptr<net::grpc::StreamCall> call)
    : store_(store), id_(id), call_(std::move(call)) {}

etcdserverpb::WatchResponse WatchStream::NewResponse(int64_t watch_id, int64_t revision) const {
  etcdserverpb::WatchResponse resp;
  FillHeader(id_, revision, resp.mutable_header());
  resp.set_watch_id(watch_id);
  return resp;
}

void WatchStream::OnHalfClose() {
  std::unique_lock<std::mutex> lock(mu_);
  read_closed_ = true;
  Pump(lock);
}

void WatchStream::OnMessage(std::string message) {
  request_.Clear();
  if (!request_.ParseFromString(message)) {
    request_.Clear();  // etcd drops what it cannot parse; so do we
  }
  switch (request_.request_union_case()) {
    case etcdserverpb::WatchRequest::kCreateRequest:
      Create(request_.create_request());
      break;
    case etcdserverpb::WatchRequest::kCancelRequest:
      CancelWatch(request_.cancel_request().watch_id());
      break;
    case etcdserverpb::WatchRequest::kProgressRequest:
      Progress();
      break;
    default:
      break;  // an empty request: etcd ignores it too
  }
}

void WatchStream::Create(const etcdserverpb::WatchCreateRequest& req) {
  bool no_put = false;
  bool no_delete = false;
  for (int f : req.filters()) {
    if (f == etcdserverpb::WatchCreateRequest::NOPUT) no_put = true;
    if (f == etcdserverpb::WatchCreateRequest::NODELETE) no_delete = true;
  }
  const int64_t current = store_->CurrentRevision();
  int64_t watch_id = 0;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (req.watch_id() != 0 && watchers_.count(req.watch_id()) != 0) {
      etcdserverpb::WatchResponse resp = NewResponse(kNoWatchId, current);
      resp.set_created(true);
      resp.set_canceled(true);
      resp.set_cancel_reason("mvcc: duplicate watch ID provided on the WatchStream");
      lock.unlock();
      SendControl(std::move(resp));
      return;
    }
    if (req.watch_id() != 0) {
      watch_id = req.watch_id();
    } else {
      while (watchers_.count(next_watch_id_) != 0) ++next_watch_id_;
      watch_id = next_watch_id_++;
    }
    // Reserved before the store watch starts, so "created" is queued before any event.
    watchers_[watch_id] = Watcher{nullptr, no_put, no_delete};
  }
  etcdserverpb::WatchResponse created = NewResponse(watch_id, current);
  created.set_created(true);
  SendControl(std::move(created));

  store::WatchRequest sreq;
  sreq.key = req.key();
  sreq.range_end = req.range_end();
  sreq.start_revision = req.start_revision() > 0 ? req.start_revision() : 0;
  sreq.prev_kv = req.prev_kv();
  sreq.progress_notify = req.progress_notify();
  std::unique_ptr<store::WatchHandle> handle =
      store_->Watch(sreq, [this, watch_id, no_put, no_delete](const store::WatchBatch& batch) {
        OnBatch(watch_id, no_put, no_delete, batch);
      });
  std::unique_lock<std::mutex> lock(mu_);
  auto it = watchers_.find(watch_id);
  if (it != watchers_.end() && it->second.handle == nullptr) {
    it->second.handle = std::move(handle);
    return;
  }
  lock.unlock();
  if (handle) handle->Cancel();  // the watcher was cancelled meanwhile
}

void WatchStream::CancelWatch(int64_t watch_id) {
  std::unique_ptr<store::WatchHandle> handle;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = watchers_.find(watch_id);
    if (it == watchers_.end()) return;  // etcd answers nothing for an unknown id
    handle = std::move(it->second.handle);
    watchers_.erase(it);
  }
  if (handle) handle->Cancel();
  etcdserverpb::WatchResponse resp = NewResponse(watch_id, store_->CurrentRevision());
  resp.set_canceled(true);
  SendControl(std::move(resp));
}

void WatchStream::Progress() {
  // As etcd 3.4 does: one response for the whole stream, carrying the
  // store's revision.
  SendControl(NewResponse(kNoWatchId, store_->CurrentRevision()));
}

void WatchStream::OnBatch(int64_t watch_id, bool no_put, bool no_delete,
                          const store::WatchBatch& batch) {
  std::vector<Queued> out;
  if (!batch.status.ok()) {
    etcdserverpb::WatchResponse resp = NewResponse(watch_id, batch.revision);
    resp.set_canceled(true);
    resp.set_compact_revision(batch.compact_revision);
    if (!batch.status.IsGone()) resp.set_cancel_reason(batch.status.message());
    out.push_back(Queued{std::move(resp), {}});
  } else if (batch.events.empty()) {
    out.push_back(Queued{NewResponse(watch_id, batch.revision), {}});  // progress notification
  } else {
    // Every watcher of the range gets this same batch: encoded once for all.
    std::shared_ptr<const EncodedEvents> encoded =
        batch.memo.Get<EncodedEvents>(&kEncodedEventsKey, [&] { return Encode(batch.events); });
    for (size_t i = 0; i < batch.events.size(); ++i) {
      bool is_put = batch.events[i].type == store::Event::Type::kPut;
      if ((is_put && no_put) || (!is_put && no_delete)) continue;
      const size_t begin = i == 0 ? 0 : encoded->ends[i - 1];
      if (out.empty() || out.back().events.size() >= kMaxEventBytesPerResponse) {
        out.push_back(Queued{NewResponse(watch_id, batch.revision), {}});
        out.back().events.reserve(
            std::min(encoded->bytes.size() - begin, kMaxEventBytesPerResponse));
      }
      out.back().events.append(encoded->bytes, begin, encoded->ends[i] - begin);
    }
  }
  if (!out.empty()) Send(std::move(out));
}

void WatchStream::SendControl(etcdserverpb::WatchResponse response) {
  std::vector<Queued> items;
  items.push_back(Queued{std::move(response), {}});
  Send(std::move(items));
}

void WatchStream::Send(std::vector<Queued> items) {
  std::unique_lock<std::mutex> lock(mu_);
  // Once the client has gone (or stopped reading), only what is queued drains.
  if (read_closed_ || broken_ || finished_) return;
  for (Queued& item : items) {
    const int64_t watch_id = item.head.watch_id();
    if (item.head.canceled()) merge_into_.erase(watch_id);
    if (item.events.empty() || item.head.created() || item.head.canceled()) {
      queue_.push_back(std::move(item));
      continue;
    }
    auto it = merge_into_.find(watch_id);
    if (it != merge_into_.end()) {
      int64_t pos = it->second - front_seq_;
      bool in_flight = writing_ && pos == 0;
      if (pos >= 0 && pos < static_cast<int64_t>(queue_.size()) && !in_flight &&
          queue_[pos].events.size() + item.events.size() <= kMaxEventBytesPerResponse) {
        Queued& q = queue_[pos];
        q.events += item.events;
        q.head.mutable_header()->set_revision(item.head.header().revision());
        continue;
      }
    }
    merge_into_[watch_id] = front_seq_ + static_cast<int64_t>(queue_.size());
    queue_.push_back(std::move(item));
  }
  Pump(lock);
}

void WatchStream::Pump(std::unique_lock<std::mutex>& locked) {
  Queued* next = nullptr;
  bool finish = false;
  if (!finished_ && !writing_) {
    if (!broken_ && !queue_.empty()) {
      writing_ = true;
      next = &queue_.front();  // deque elements do not move when others are appended
    } else if (read_closed_) {
      // Finish only once the client has stopped sending, as etcd does.
      finished_ = true;
      finish = true;
    }
  }
  locked.unlock();
  if (next != nullptr) {
    // The front is ours while writing_: nobody else touches it, so it is
    // encoded outside the lock.
    std::string wire = next->head.SerializeAsString();
    wire += next->events;
    next->events.clear();
    if (!call_->Write(std::move(wire))) {
      // The call is over (cancelled or lost); OnDone follows and cleans up.
      std::lock_guard<std::mutex> lock(mu_);
      writing_ = false;
      broken_ = true;
      front_seq_ += static_cast<int64_t>(queue_.size());
      queue_.clear();
    }
  }
  if (finish) call_->Finish(net::grpc::CallStatus::Ok());
}

void WatchStream::OnWritesDone() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!writing_) return;
  writing_ = false;
  queue_.pop_front();
  ++front_seq_;
  Pump(lock);
}

void WatchStream::OnDone() {
  std::vector<std::unique_ptr<store::WatchHandle>> handles;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, w] : watchers_) {
      if (w.handle) handles.push_back(std::move(w.handle));
    }
    watchers_.clear();
  }
  // Cancel waits for a running callback, which may need mu_: not held here.
  for (auto& h : handles) h->Cancel();
}

}  // namespace kubepp::etcdapi
