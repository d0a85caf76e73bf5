// What RFC 9113 section 8.2 and 8.3.1 ask of a request's header list, checked by the server
// before the request reaches the application: lower-case names, pseudo-headers first and known
// (:method, :scheme, :path, :authority, each at most once), :method, :scheme and a non-empty
// :path present, no connection-specific fields, "te" only as "trailers".
//
// A request that fails is malformed: a stream error of type PROTOCOL_ERROR.
//
// Thread safety: a pure function.
#pragma once

#include <string>

#include "net/http2/header_field.h"

namespace kubepp::net::http2 {

// Empty when `fields` is a well-formed request header list; otherwise why not.
std::string CheckRequestHeaders(const HeaderList& fields);

}  // namespace kubepp::net::http2
