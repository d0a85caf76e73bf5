// The form an answer takes, from the request's Accept header, as upstream
// negotiates it: the object itself (JSON), a meta.k8s.io Table (kubectl get),
// or only the objects' metadata as PartialObjectMetadata(List) (client-go's
// metadata informers, controller-runtime's metadata-only watches).
//
//   Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json
//
// The first acceptable entry wins; entries asking for a form or a media type
// kubepp does not serve (protobuf, YAML) are passed over.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kubepp::apiserver {

struct ResponseForm {
  enum class Kind { kObject, kTable, kPartialMetadata };
  Kind kind = Kind::kObject;
  bool list = false;    // PartialObjectMetadataList rather than PartialObjectMetadata
  std::string version;  // of meta.k8s.io, for the partial forms: "v1" or "v1beta1"
};

// nullopt when no entry is acceptable (406); an absent or empty header takes the object.
std::optional<ResponseForm> NegotiateForm(const std::string* accept);

// {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/<version>","metadata":...} of `obj`.
std::string PartialObjectMetadataJson(const boost::json::object& obj, std::string_view version);

}  // namespace kubepp::apiserver
