// Fuzzes registry credentials read from image pull Secrets (their data comes
// from any API client) and the image names pods give (from any API client
// too): CredentialsFromSecret, the keyring built from what it returns, and
// image reference parsing must never crash, whatever the input; a reference
// that parses keeps parsing once its default tag is added.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "base/base64.h"
#include "kubelet/images/docker_keyring.h"
#include "kubelet/images/image_reference.h"
#include "kubelet/images/pull_secrets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  kubepp::kubelet::DockerKeyring keyring;
  for (std::string_view type : {"kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg"}) {
    boost::json::object secret;
    secret["type"] = type;
    std::string key = type == "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
    secret["data"] = boost::json::object{{key, kubepp::base64::Encode(text)}};
    for (const auto& c : kubepp::kubelet::CredentialsFromSecret(secret)) keyring.Add(c);
  }
  auto reference = kubepp::kubelet::ParseImageReference(text);
  if (reference.ok()) {
    keyring.Lookup(reference->repository);
    auto tagged = kubepp::kubelet::WithDefaultTag(text);
    if (!tagged.ok() || !kubepp::kubelet::ParseImageReference(*tagged).ok()) std::abort();
  }
  keyring.Lookup(text);
  kubepp::kubelet::KeyringKey(text);
  return 0;
}
