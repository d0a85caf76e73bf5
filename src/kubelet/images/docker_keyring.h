// DockerKeyring: which registry credentials apply to an image, decided as
// upstream's credential keyring (pkg/credentialprovider) decides it.
//
// Each credential is filed under a key made from the location it was written
// for in a docker config: the scheme is dropped, a "/v1/" or "/v2/" path
// prefix stands for the bare host, and any other path stays:
//   "https://index.docker.io/v1/" -> "index.docker.io"
//   "127.0.0.1:5000"              -> "127.0.0.1:5000"
//   "registry.example/team"       -> "registry.example/team"
// A key matches an image repository ("127.0.0.1:5000/team/app", see
// images/image_reference.h) when the ports are equal, the hosts have as many
// dot-separated parts and each repository part matches the key's part as a
// glob ("*.example.com"), and the key's path is a prefix of the repository's.
// Lookup answers the credentials of every matching key, keys in reverse
// lexical order so that "quay.io/team" is tried before "quay.io"; Docker Hub
// images fall back to credentials for "index.docker.io".
//
// The kubelet tries the answered credentials in order and pulls anonymously
// only when there are none.
//
// Not thread safe; build one per pull from the pod's credentials.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kubelet/kuberuntime/pod_environment.h"

namespace kubepp::kubelet {

class DockerKeyring {
 public:
  // Files `auth` under the key of auth.server; credentials whose server does
  // not parse as a location are dropped.
  void Add(const RegistryAuth& auth);
  // The credentials for `repository` (an ImageReference::repository), most
  // specific key first; empty when none applies.
  std::vector<RegistryAuth> Lookup(std::string_view repository) const;

 private:
  std::map<std::string, std::vector<RegistryAuth>> credentials_;  // by key, in the order added
  std::set<std::string, std::greater<>> keys_;                    // reverse lexical order
};

// The keyring key of a docker config location; "" when it has no host.
std::string KeyringKey(std::string_view location);

// Whether `target` (a schemeless "host[:port][/path]") is matched by `glob`
// (a keyring key, possibly with wildcards in its host parts).
bool KeyMatches(std::string_view glob, std::string_view target);

}  // namespace kubepp::kubelet
