// "namespace": finishes the deletion of namespaces. A namespace with a
// deletionTimestamp has every namespaced resource in it deleted (the list
// comes from the served catalog: stored, preferred-version, namespaced
// resources with list and delete verbs); while content remains the
// namespace is rechecked after an estimate of how long it will take, and its
// status conditions say what is left, with upstream's types, reasons and
// messages. Once empty, the "kubernetes" token is removed from
// spec.finalizers through namespaces/{name}/finalize, which lets the
// apiserver remove the namespace.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeNamespaceRegistration();

}  // namespace kubepp::controllers
