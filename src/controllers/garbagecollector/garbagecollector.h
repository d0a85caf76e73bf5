// "garbagecollector": deletes objects whose owners are gone, following
// metadata.ownerReferences across every stored resource, as upstream's
// garbage collector does:
//   Background  an object whose owners have all disappeared (or never
//               existed: an owner uid nothing has) is deleted;
//   Foreground  an owner with the foregroundDeletion finalizer has its
//               dependents deleted (blockOwnerDeletion ones first); once no
//               blocking dependent is left the finalizer is removed;
//   Orphan      an owner with the orphan finalizer has its reference removed
//               from every dependent, then the finalizer.
// An object with both live and vanished owners only loses the references
// to the vanished ones. Events (core and events.k8s.io) are not tracked,
// as upstream ignores them.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeGarbageCollectorRegistration();

}  // namespace kubepp::controllers
