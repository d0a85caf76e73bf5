// The per-namespace defaults every namespace gets, as upstream's
// controller-manager provides them:
//   "serviceaccount": a ServiceAccount named "default" in every active
//     namespace, recreated when deleted;
//   "root-ca-cert-publisher": the ConfigMap kube-root-ca.crt (key ca.crt,
//     the cluster CA from ControllerManagerOptions::root_ca_pem) in every
//     namespace, put back whenever someone changes or deletes it.
// Both are level-triggered on the namespace key. Thread safety: the
// controllers' methods are called by the manager from one thread; their
// workers synchronise through the workqueue.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeServiceAccountRegistration();
ControllerRegistration MakeRootCaCertPublisherRegistration();

}  // namespace kubepp::controllers
