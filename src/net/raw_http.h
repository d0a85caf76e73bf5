// HTTP/1.1 written and read by hand on connections the server has taken
// over for an upgrade (the reverse proxy's relay, the stream translator):
// a response serialized whole, and the status code and headers of a
// backend's raw response head.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "net/http.h"

namespace kubepp::net {

std::string LowerAscii(std::string_view s);

// "HTTP/1.1 <code> <reason>", Content-Type, r's headers, Content-Length,
// "Connection: close", then the body.
std::string SerializeResponse(const HttpResponse& r);

// The status code of "HTTP/1.1 101 Switching Protocols\r\n..."; -1 if malformed.
int StatusCodeOf(std::string_view head);

// The value of the first header `lower_name` in a raw response head, trimmed; "" if none.
std::string HeaderValueOf(std::string_view head, std::string_view lower_name);

}  // namespace kubepp::net
