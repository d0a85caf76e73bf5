// Small helpers that send a JSON answer or an error Status through a
// Responder, for the handlers outside ApiHandler (subresources, reviews).
// Thread safety: stateless.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "apiserver/status_json.h"
#include "base/status.h"
#include "net/http.h"

namespace kubepp::apiserver {

// `warnings` become Warning headers (299 "-" "<text>").
void RespondObject(net::Responder& out, int code, const boost::json::object& obj,
                   const std::vector<std::string>& warnings = {});
void RespondError(net::Responder& out, const Status& status, const StatusDetails& details = {});
// The Status Success, code 201, of a POST that creates no object of its own (a Binding, an
// Eviction).
void RespondCreatedStatus(net::Responder& out);

}  // namespace kubepp::apiserver
