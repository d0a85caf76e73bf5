// The etcd Watch service: one bidirectional stream carries many watchers.
//
// The client sends create / cancel / progress requests; the server answers
// "created" (with the watch id), then the events of each watcher in revision
// order, a "canceled" response when a watcher ends (compact_revision set when
// its start revision was compacted), and progress notifications.
// Every stream is a WatchStream reactor (watch_stream.h); this class only
// creates them.
#pragma once

#include "etcdapi/wire.h"
#include "etcdserverpb/rpc.grpc.pb.h"
#include "store/store.h"

namespace kubepp::etcdapi {

// The stream is served raw (bytes in, bytes out) so that events are encoded
// once into wire form; see watch_stream.h.
class WatchService final : public etcdserverpb::Watch::WithRawCallbackMethod_Watch<etcdserverpb::Watch::Service> {
 public:
  // REQUIRES: store outlives the service and every stream it opened.
  WatchService(store::Store* store, ServerIdentity id) : store_(store), id_(id) {}

  // etcdserverpb::Watch
  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* Watch(grpc::CallbackServerContext* ctx) override;

 private:
  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;
};

}  // namespace kubepp::etcdapi
