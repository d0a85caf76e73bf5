// Versions of one kind that share their stored objects. A resource served at
// several versions keeps its objects in one form, its storage version
// (HorizontalPodAutoscaler: autoscaling/v2; Event: core v1); a request in
// another version (autoscaling/v1; events.k8s.io/v1) is converted on its way
// in and its answers on their way out, as upstream's apiserver converts
// through its internal types:
//
//   ToStorageVersion     a decoded, defaulted and validated object of the
//                        request's version → the storage version's form
//   FromStorageVersion   a stored object → the request version's form
//
// Resources whose request version is their storage version pass through.
// Both keep metadata as it is (bar the annotations a conversion owns).
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

#include "api/resources/catalog.h"
#include "base/status.h"

namespace kubepp::api {

// Whether objects of `r` are converted on the way to and from the store.
bool ConvertsForStorage(const ResourceInfo& r);

// A BadRequest when `obj` holds what the storage version cannot express.
Status ToStorageVersion(const ResourceInfo& r, boost::json::object& obj);
void FromStorageVersion(const ResourceInfo& r, boost::json::object& obj);

}  // namespace kubepp::api
