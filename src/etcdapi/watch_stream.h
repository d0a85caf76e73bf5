// WatchStream: the server side of one etcd Watch stream.
//
// Requests arrive one at a time on the connection's thread; store watch
// callbacks run on the store's threads and only append responses to an ordered
// queue, so they stay quick. The stream speaks raw bytes: a batch's events are encoded once into
// the wire form of WatchResponse.events, kept in the batch's memo, and every
// watcher the batch goes to (on this stream or another) copies those bytes —
// the fan-out of one event to 1,000 watchers is one encoding and 1,000 byte
// copies, not 1,000 encodings or message trees. One write is in flight at a
// time (until OnWritesDone); the queue drains in order, which keeps each
// watcher's events in revision order and its "created" answer before its first
// event, and lets a client that reads slowly get fewer, larger responses.
//
// Lifetime: the gRPC server owns the handler and destroys it after OnDone,
// which cancels its store watches (no store callback runs after that).
// Lock order: mu_ is never held while calling into the call (Write, Finish)
// or into the store (Watch, Cancel), because either may call back and take it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "etcdapi/wire.h"
#include "etcdserverpb/rpc.pb.h"
#include "net/grpc/server_handler.h"
#include "store/store.h"

namespace kubepp::etcdapi {

class WatchStream final : public net::grpc::StreamHandler {
 public:
  WatchStream(store::Store* store, ServerIdentity id, std::shared_ptr<net::grpc::StreamCall> call);

  // net::grpc::StreamHandler
  void OnMessage(std::string message) override;
  void OnHalfClose() override;
  void OnWritesDone() override;
  void OnDone() override;

 private:
  struct Watcher {
    std::unique_ptr<store::WatchHandle> handle;
    bool no_put = false;
    bool no_delete = false;
  };
  // One response to send: `head` holds every field but the events, which
  // `events` holds already encoded (field 11 entries, appended after head).
  struct Queued {
    etcdserverpb::WatchResponse head;
    std::string events;
  };

  void Create(const etcdserverpb::WatchCreateRequest& req);
  void CancelWatch(int64_t watch_id);
  void Progress();
  // Runs on a store thread for every batch of watcher `watch_id`.
  void OnBatch(int64_t watch_id, bool no_put, bool no_delete, const store::WatchBatch& batch);

  // Queues responses (merging events as below) and starts a write if none is in flight.
  void Send(std::vector<Queued> items);
  void SendControl(etcdserverpb::WatchResponse response);
  // Starts the next write or the Finish, outside mu_; `locked` is released first.
  void Pump(std::unique_lock<std::mutex>& locked);
  etcdserverpb::WatchResponse NewResponse(int64_t watch_id, int64_t revision) const;

  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;
  const std::shared_ptr<net::grpc::StreamCall> call_;

  // Only touched by the read side (one request at a time).
  etcdserverpb::WatchRequest request_;

  std::mutex mu_;
  // Guarded by mu_
  std::map<int64_t, Watcher> watchers_;
  int64_t next_watch_id_ = 0;
  // front() is being written when writing_. Queue position i has sequence
  // number front_seq_ + i.
  std::deque<Queued> queue_;
  int64_t front_seq_ = 0;
  // watch id -> sequence number of its newest queued event response. When
  // the client reads slower than events come, later events of a watcher join
  // that response instead of queuing their own: fewer, larger writes, the
  // way etcd batches a lagging watcher. Order per watcher is kept, and a
  // canceled answer ends merging for its watcher.
  std::map<int64_t, int64_t> merge_into_;
  bool writing_ = false;
  bool read_closed_ = false;  // the client half-closed or went away
  bool broken_ = false;       // the call ended: nothing more can be sent
  bool finished_ = false;     // Finish was called (only after read_closed_)
};

}  // namespace kubepp::etcdapi
