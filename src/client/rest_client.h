// RestClient: ApiClient over HTTPS to a real apiserver. Keeps a pool of
// keep-alive connections (requests from many threads run in parallel, up to
// `connections` at once) and runs watches on a shared WatchPool. JSON on the
// wire; a Status body in an error response becomes the returned Status.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "client/api_client.h"
#include "client/kubeconfig.h"

namespace kubepp::client {

struct RestClientOptions {
  int connections = 8;    // concurrent non-watch requests
  int watch_threads = 1;  // threads serving every watch stream
  std::string user_agent = "kubepp";
};

StatusOr<std::unique_ptr<ApiClient>> NewRestClient(const ClientConfig& config,
                                                   const RestClientOptions& options = {});

}  // namespace kubepp::client
