// The per-namespace defaults every namespace gets, as upstream's
// controller-manager provides them:
//   "serviceaccount": a ServiceAccount named "default" in every active
//     namespace, recreated when deleted;
//   "root-ca-cert-publisher": the ConfigMap kube-root-ca.crt (key ca.crt,
//     the cluster CA from ControllerManagerOptions::root_ca_pem) in every
//     namespace, put back whenever someone changes or deletes it;
//   "serviceaccount-token": legacy token Secrets (type
//     kubernetes.io/service-account-token) filled with a token signed by
//     ControllerManagerOptions::service_account_private_key_pem, and deleted
//     with their ServiceAccount (tokens_controller.cc).
// Both are level-triggered on the namespace key. Thread safety: the
// controllers' methods are called by the manager from one thread; their
// workers synchronise through the workqueue.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeServiceAccountRegistration();
ControllerRegistration MakeRootCaCertPublisherRegistration();
ControllerRegistration MakeServiceAccountTokenRegistration();

}  // namespace kubepp::controllers
