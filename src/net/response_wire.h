// ResponseWire: an HTTP/1.1 response with a whole body as the bytes that go
// on the wire, written by hand rather than through Beast's serializer, whose
// machinery cost the apiserver more CPU than the TLS record it fills.
//
// The bytes are what Beast writes for the same response: the status line
// with Beast's reason phrase; Content-Type; the headers in order, a repeated
// name keeping only its last value, in that one's place (as Beast's set()
// does); "Connection: close" unless the connection stays open; and the
// Content-Length. The statuses that carry no body (1xx, 204, 304) go out
// without one and without a Content-Length, as upstream's Go server sends
// them (Beast wrote "Content-Length: 0", and threw on a body).
#pragma once

#include <string>

#include "net/http.h"

namespace kubepp::net {

std::string ResponseWire(HttpResponse response, bool keep_alive);

}  // namespace kubepp::net
