// Admission: the plugins a create passes through between defaulting and the
// store write — upstream's Priority, LimitRanger, ServiceAccount and
// ResourceQuota.
//
//  * Mutate: ServiceAccount gives a pod its ServiceAccount ("default"),
//    the kube-api-access-<random> projected token volume mounted in every
//    container, and its ServiceAccount's imagePullSecrets; 403 when the
//    ServiceAccount does not exist (service_account.cc says more).
//  * Validate: ServiceAccount checks it again, and mirror pods' and
//    enforce-mountable-secrets' limits.
//  * Mutate: Priority sets a pod's spec.priority and preemptionPolicy from
//    its PriorityClass (403 for a class that does not exist).
//  * Mutate (after defaults, before validation): LimitRanger fills unset
//    container requests/limits from the namespace's LimitRanges (type
//    Container default/defaultRequest) and records what it set in the
//    kubernetes.io/limit-ranger annotation.
//  * Delete: NamespaceLifecycle keeps default, kube-system and kube-public.
//  * Validate (after validation): LimitRanger rejects min/max/
//    maxLimitRequestRatio violations; ResourceQuota rejects a create that
//    would exceed any quota of the namespace, both 403 Forbidden with
//    upstream's messages. On success it returns the new status of every
//    charged quota: the registry writes them in the same store transaction
//    as the object, each compared against the quota's revision, so two
//    concurrent creates cannot both take the last unit (the loser re-runs
//    admission and sees the first one's usage).
//
// Admission reads ServiceAccounts, PriorityClasses, LimitRanges and ResourceQuotas
// straight from the store: it is part of the apiserver, the one component that
// may. ServiceAccounts and PriorityClasses come through DecodedReads, decoded
// once per revision.
// Thread safety: stateless functions; safe from any thread.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "api/resources/catalog.h"
#include "apiserver/decoded_reads.h"
#include "base/status.h"
#include "store/store.h"

namespace kubepp::apiserver::admission {

// A quota status write that must commit together with the admitted object.
struct QuotaCharge {
  std::string key;           // the quota's store key
  int64_t mod_revision = 0;  // the revision admission read it at
  std::string bytes;         // the quota with status.used charged, stored form
};

// Mutating admission of a create; `obj` is defaulted and carries its namespace.
Status MutateCreate(DecodedReads& reads, const api::ResourceInfo& r, boost::json::object& obj);

// Validating admission of a create; `obj` has its final name.
StatusOr<std::vector<QuotaCharge>> ValidateCreate(DecodedReads& reads, const api::ResourceInfo& r,
                                                  const boost::json::object& obj);

// Admission of a delete: NamespaceLifecycle refuses (403) to delete the
// namespaces the cluster cannot do without: default, kube-system, kube-public.
Status AdmitDelete(const api::ResourceInfo& r, const std::string& name);

// --- The plugins, for tests. ---

// Priority: spec.priority and spec.preemptionPolicy of `pod` from its
// priorityClassName or the globalDefault class among `classes`; the refusal
// message (Forbidden, without its prefix), or "" when admitted.
std::string ApplyPriority(const std::vector<const boost::json::object*>& classes,
                          boost::json::object& pod);
std::string ApplyPriority(const std::vector<boost::json::object>& classes, boost::json::object& pod);
// The same, reading the PriorityClasses from the store; 403 on refusal.
Status AdmitPodPriority(DecodedReads& reads, const api::ResourceInfo& r, boost::json::object& pod);

// LimitRanger's defaults for `pod` from `limit_ranges` (LimitRange objects).
void ApplyLimitRangeDefaults(const std::vector<boost::json::object>& limit_ranges, boost::json::object& pod);
// LimitRanger's verdict; the message of the Forbidden error without its
// "pods \"x\" is forbidden: " prefix, or "" when the pod is within limits.
std::string CheckLimitRanges(const std::vector<boost::json::object>& limit_ranges, const boost::json::object& pod);

// ResourceQuota's verdict for creating `obj` under `quotas`: the quotas to
// charge (each with status.used increased), or the reason for refusal
// (Forbidden, message without the "<resource> \"name\" is forbidden: " prefix).
struct Charged {
  size_t index;                // into `quotas`
  boost::json::object quota;   // with status.used charged
};
StatusOr<std::vector<Charged>> CheckQuotas(const std::vector<boost::json::object>& quotas,
                                           const api::ResourceInfo& r, const boost::json::object& obj);

// ServiceAccount: the ServiceAccount a pod will run as ("default" when it
// names none; "" for mirror pods, which run as none).
std::string ServiceAccountNameOf(const boost::json::object& pod);
bool IsMirrorPod(const boost::json::object& pod);
// Mutation of `pod` given its ServiceAccount (nullptr = it does not exist);
// `volume_suffix` names the token volume. The refusal message (Forbidden,
// without its prefix), or "" when admitted.
std::string ApplyServiceAccount(const boost::json::object* service_account, boost::json::object& pod,
                                const std::function<std::string()>& volume_suffix);
// Validation of the mutated `pod`; the refusal message or "".
std::string CheckServiceAccount(const boost::json::object* service_account, const boost::json::object& pod);
// The same, reading the ServiceAccount from the store; 403 on refusal.
Status AdmitServiceAccount(DecodedReads& reads, const api::ResourceInfo& r,
                           boost::json::object& pod);
Status ValidateServiceAccount(DecodedReads& reads, const api::ResourceInfo& r,
                              const boost::json::object& pod);

}  // namespace kubepp::apiserver::admission
