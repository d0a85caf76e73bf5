// Registry credentials from a pod's image pull Secrets (spec.imagePullSecrets),
// read as upstream's kubelet reads them: a Secret of type
// kubernetes.io/dockerconfigjson contributes the entries of
// {"auths": {location: entry}} in its .dockerconfigjson, one of type
// kubernetes.io/dockercfg those of {location: entry} in its .dockercfg; other
// types contribute nothing. An entry's "auth" (base64 "user:password"), when
// present, gives its username and password.
//
// The pod's ServiceAccount is not read here: admission copies its
// imagePullSecrets into a pod that names none (apiserver/admission).
//
// Pure functions plus reads through ObjectGetter; safe from any thread.
#pragma once

#include <vector>

#include <boost/json/object.hpp>

#include "kubelet/kuberuntime/pod_environment.h"
#include "kubelet/object_getter.h"

namespace kubepp::kubelet {

// The credentials in one Secret (none for other types or malformed data).
std::vector<RegistryAuth> CredentialsFromSecret(const boost::json::object& secret);

// Every credential of `pod`'s image pull Secrets, in the order listed, and the
// names of the Secrets `getter` could not read. Entries with an empty name are
// skipped, as API validation once let them through.
PodPullSecrets PodPullCredentials(const boost::json::object& pod, ObjectGetter& getter);

}  // namespace kubepp::kubelet
