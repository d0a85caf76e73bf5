// Registry credentials from image pull Secrets: the pod's
// spec.imagePullSecrets and those of its ServiceAccount, of type
// kubernetes.io/dockerconfigjson ({"auths": {server: entry}}) or
// kubernetes.io/dockercfg ({server: entry}), as upstream's credential
// keyring reads them ("auth" is base64 "user:password").
//
// Pure functions plus reads through ObjectGetter; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "client/api_client.h"
#include "kubelet/kuberuntime/pod_environment.h"
#include "kubelet/object_getter.h"

namespace kubepp::kubelet {

// The credentials in one Secret (none for other types or malformed data).
std::vector<RegistryAuth> CredentialsFromSecret(const boost::json::object& secret);

// "https://registry.example:5000/v1/" -> "registry.example:5000"; Docker
// Hub's legacy names -> "docker.io".
std::string NormalizeRegistry(std::string_view server);

// Every credential for `pod`: its imagePullSecrets, then its
// ServiceAccount's (read through `client`); missing Secrets are skipped.
std::vector<RegistryAuth> PodPullCredentials(const boost::json::object& pod, ObjectGetter& getter,
                                             client::ApiClient& client);

}  // namespace kubepp::kubelet
