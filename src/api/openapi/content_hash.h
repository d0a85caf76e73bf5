// A content hash for the `hash=` of /openapi/v3 serverRelativeURLs. Clients
// treat it as opaque and cache a document by its URL, so it only has to
// change when the document changes; it is not a security measure.
#pragma once

#include <string>
#include <string_view>

namespace kubepp::api::openapi {

// 32 upper-case hex digits (two independent 64-bit FNV-1a passes).
std::string ContentHash(std::string_view data);

}  // namespace kubepp::api::openapi
