#include "etcdapi/watch_service.h"

#include "etcdapi/watch_stream.h"

namespace kubepp::etcdapi {

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* WatchService::Watch(grpc::CallbackServerContext* ctx) {
  return new WatchStream(store_, id_);
}

}  // namespace kubepp::etcdapi
