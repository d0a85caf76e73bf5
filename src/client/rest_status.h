// Turning an apiserver's error response into a kubepp::Status: the metav1
// Status body's reason ("NotFound", "Conflict", ...), message and field
// causes when there is one, else a reason from the HTTP code alone.
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::client {

Status StatusFromResponse(int http_code, std::string_view body);
// The same for a decoded Status object (a watch ERROR event).
Status StatusFromObject(const boost::json::object& status, int http_code);

}  // namespace kubepp::client
