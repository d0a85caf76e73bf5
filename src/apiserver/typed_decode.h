// What decoding a body into its Go type does upstream, done to the JSON:
// a value of the wrong JSON type is refused (400, in encoding/json's words),
// and every Quantity is rewritten in its canonical form, as upstream stores
// it ("0.5" → "500m", 1.5Gi → "1536Mi").
//
//   json: cannot unmarshal bool into Go struct field ConfigMap.data of type string
//
// The struct is the innermost one holding the field, the field path is the
// chain of JSON keys from the object's root without array indices or map
// keys, and the type is Go's name for it (int32, []v1.Container,
// map[string]string, v1.PodSpec). null is every type's zero value, as in Go.
// Kinds and parts of the schema kubepp does not describe take anything.
//
// Thread safety: safe from any thread.
#pragma once

#include <boost/json/object.hpp>

#include "api/resources/catalog.h"
#include "base/status.h"

namespace kubepp::apiserver {

// BadRequest with the first mismatch in document order, as Go's decoder
// reports it (the caller adds the kind's context); `obj` is left with its
// Quantities canonical.
Status DecodeTyped(const api::ResourceInfo& r, boost::json::object& obj);

// DecodeTyped's error as a create or an update reports it:
// `ConfigMap in version "v1" cannot be handled as a ConfigMap: json: ...`.
Status DecodeError(const api::ResourceInfo& r, const Status& error);

}  // namespace kubepp::apiserver
