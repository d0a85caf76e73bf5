// The etcd Watch service: one bidirectional stream carries many watchers.
//
// The client sends create / cancel / progress requests; the server answers
// "created" (with the watch id), then the events of each watcher in revision
// order, a "canceled" response when a watcher ends (compact_revision set when
// its start revision was compacted), and progress notifications.
// Every stream is a WatchStream (watch_stream.h); this class only creates them.
#pragma once

#include <memory>

#include "etcdapi/wire.h"
#include "net/grpc/server_handler.h"
#include "store/store.h"

namespace kubepp::etcdapi {

class WatchService {
 public:
  // REQUIRES: store outlives the service and every stream it opened.
  WatchService(store::Store* store, ServerIdentity id) : store_(store), id_(id) {}

  // etcdserverpb.Watch
  std::unique_ptr<net::grpc::StreamHandler> Watch(std::shared_ptr<net::grpc::StreamCall> call);

 private:
  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;
};

}  // namespace kubepp::etcdapi
