// Fuzzes registry credentials read from image pull Secrets (their data comes
// from any API client): CredentialsFromSecret must never crash, whatever the
// JSON inside, and every credential it returns names a registry host.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "base/base64.h"
#include "kubelet/images/pull_secrets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view type : {"kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg"}) {
    boost::json::object secret;
    secret["type"] = type;
    std::string key = type == "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
    secret["data"] = boost::json::object{{key, kubepp::base64::Encode(text)}};
    for (const auto& c : kubepp::kubelet::CredentialsFromSecret(secret)) {
      if (c.server.find('/') != std::string::npos) std::abort();  // normalized to a host
    }
  }
  kubepp::kubelet::NormalizeRegistry(text);
  return 0;
}
