// ResponseWire: the head of an HTTP/1.1 response with a whole body (status
// line and header fields), written by hand rather than through Beast's
// serializer, whose machinery cost the apiserver more CPU than the TLS record
// it fills.
//
// The status line carries Beast's reason phrase; then Content-Type, the
// headers in order, "Connection: close" unless the connection stays open, and
// the body's Content-Length. A header may repeat, as upstream's Go server
// sends one Warning per warning (Beast's set() kept only the last); only
// Content-Type replaces the default and Content-Length is always the body's.
// The statuses that carry no body (1xx, 204, 304) go out without one and
// without a Content-Length, and so does the body of a reply to HEAD (its
// Content-Length stays), as upstream's Go server sends them.
#pragma once

#include <string>

#include "net/http.h"

namespace kubepp::net {

std::string ResponseHead(const HttpResponse& response, bool keep_alive);

// Whether the response's body follows its head on the wire.
bool ResponseSendsBody(const HttpResponse& response, bool head_request);

}  // namespace kubepp::net
