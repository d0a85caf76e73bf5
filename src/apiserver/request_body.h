// Request bodies in every media type the apiserver accepts: JSON, YAML and
// Kubernetes protobuf (typed clients such as kubectl and client-go send
// protobuf), decoded to JSON values.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "base/status.h"
#include "net/http.h"

namespace kubepp::apiserver {

// The lower-cased media type of a Content-Type header without parameters;
// "" when absent.
std::string MediaType(const std::string* content_type);

// The body as JSON. UnsupportedMediaType for other media types; the parse
// error (BadRequest) for a body that does not decode.
StatusOr<boost::json::value> ParseRequestBody(const net::HttpRequest& req);

// The body as an object, to be decoded as a `kind` (what a create or update
// writes). What upstream's first read of a body refuses, the read of its
// apiVersion and kind with Go's encoding/json, is its 400 in its words:
//   the object provided is unrecognized (must be of type ConfigMap): couldn't
//   get version/kind; json parse error: unexpected end of JSON input ({"a":)
// A null document is an empty object, as it is to upstream.
StatusOr<boost::json::object> ReadObjectBody(const net::HttpRequest& req, std::string_view kind);

// The body as an object of `api_version` and `kind` (ReadObjectBody, then
// these checks): a body may leave apiVersion and kind out; naming others, or a
// metadata that is not an object, is BadRequest.
StatusOr<boost::json::object> DecodeObjectBody(const net::HttpRequest& req, std::string_view api_version,
                                               std::string_view kind);

}  // namespace kubepp::apiserver
