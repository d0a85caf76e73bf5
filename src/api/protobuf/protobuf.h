// The Kubernetes protobuf wire format (Content-Type
// application/vnd.kubernetes.protobuf), translated to and from kubepp's JSON
// objects.
//
// A body is the 4 magic bytes "k8s\0" followed by a runtime.Unknown message:
// typeMeta (1) {apiVersion 1, kind 2}, raw (2) = the object's own message,
// contentEncoding (3), contentType (4). The object's message is described by
// the schema table (schema.h), one entry per message of every served kind.
//
// JSON follows upstream's json tags: clients written with gogo-protobuf send
// every non-pointer field, even when empty, so the decoder drops zero values
// of non-pointer `omitempty` fields (what encoding/json would omit) and keeps
// everything else. The encoder writes the fields present in the JSON, in
// field-number order. Table is not a protobuf kind upstream; clients fall
// back to JSON for it.
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::api::protobuf {

// The media type of the wire format.
inline constexpr std::string_view kContentType = "application/vnd.kubernetes.protobuf";

// Decodes an envelope into a JSON object with apiVersion and kind first.
// api_version and kind (may be null) receive the envelope's type.
// Fails with BadRequest "proto: ..." on malformed data (never crashes), and
// UnsupportedMediaType when the kind has no schema.
StatusOr<boost::json::value> DecodeKubernetesProtobuf(std::string_view body,
                                                      std::string* api_version, std::string* kind);

// Encodes a JSON object carrying apiVersion and kind (also List kinds and
// Status) into an envelope. Fails with UnsupportedMediaType for kinds without
// a schema, BadRequest for values of the wrong JSON type. Fields the schema
// does not know are left out, as a Go client would ignore them.
StatusOr<std::string> EncodeKubernetesProtobuf(const boost::json::object& obj);

// True when (apiVersion, kind) can be encoded and decoded.
bool HasProtobufSchema(std::string_view api_version, std::string_view kind);

}  // namespace kubepp::api::protobuf
