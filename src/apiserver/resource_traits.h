// Per-resource behaviour of the generic registry that upstream keeps in each
// resource's strategy: which resources count generations, what a create does
// to status, which fields field selectors may use.
#pragma once

#include <boost/json/object.hpp>

#include "api/resources/catalog.h"

namespace kubepp::apiserver {

// metadata.generation starts at 1 and grows with every spec change.
bool TracksGeneration(const api::ResourceInfo& r);
// Updates of the object keep its status; updates of /status keep the rest.
bool HasStatusSubresource(const api::ResourceInfo& r);
// Resets or seeds status on create as upstream's PrepareForCreate does
// (pods start Pending with their QoS class; most kinds start with empty status).
void PrepareStatusForCreate(const api::ResourceInfo& r, boost::json::object& obj);
// A namespace with spec.finalizers left stays (Terminating) until they are removed.
bool HasNamespaceFinalizers(const api::ResourceInfo& r, const boost::json::object& obj);

}  // namespace kubepp::apiserver

namespace kubepp::apiserver {

// Normalizations upstream applies to every write of a kind: a Secret's
// stringData is folded into data (base64); a Job without manualSelector gets
// the controller-uid selector and template labels (on create); a new Pod gets
// the default not-ready/unreachable tolerations and its affinity terms'
// matchLabelKeys/mismatchLabelKeys merged into their labelSelectors.
void NormalizeForWrite(const api::ResourceInfo& r, boost::json::object& obj, bool create);

}  // namespace kubepp::apiserver
