#include "etcdapi/watch_service.h"

#include <utility>

#include "etcdapi/watch_stream.h"

namespace kubepp::etcdapi {

std::unique_ptr<net::grpc::StreamHandler> WatchService::Watch(
    std::shared_ptr<net::grpc::StreamCall> call) {
  return std::make_unique<WatchStream>(store_, id_, std::move(call));
}

}  // namespace kubepp::etcdapi
