#include "client/rest_status.h"

#include <boost/json/parse.hpp>

namespace kubepp::client {
namespace {

Reason ReasonFromName(std::string_view name) {
  if (name.empty()) return Reason::kUnknown;
  // First match in enum order: the reasons kubepp sends (ServiceUnavailable,
  // InternalError) come before the store-only ones that share their names.
  for (int i = static_cast<int>(Reason::kUnauthorized); i <= static_cast<int>(Reason::kDataLoss); ++i) {
    Reason r = static_cast<Reason>(i);
    if (ReasonName(r) == name) return r;
  }
  return Reason::kUnknown;
}

Reason ReasonFromCode(int code) {
  switch (code) {
    case 400: return Reason::kBadRequest;
    case 401: return Reason::kUnauthorized;
    case 403: return Reason::kForbidden;
    case 404: return Reason::kNotFound;
    case 405: return Reason::kMethodNotAllowed;
    case 406: return Reason::kNotAcceptable;
    case 409: return Reason::kConflict;
    case 410: return Reason::kGone;
    case 413: return Reason::kRequestEntityTooLarge;
    case 415: return Reason::kUnsupportedMediaType;
    case 422: return Reason::kInvalid;
    case 429: return Reason::kTooManyRequests;
    case 500: return Reason::kInternalError;
    case 503: return Reason::kServiceUnavailable;
    case 504: return Reason::kTimeout;
    default: return Reason::kUnknown;
  }
}

std::string StringField(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

Status StatusFromObject(const boost::json::object& status, int http_code) {
  if (const auto* code = status.if_contains("code"); code && code->is_int64()) {
    http_code = static_cast<int>(code->get_int64());
  }
  std::string reason_name = StringField(status, "reason");
  Reason reason = reason_name.empty() ? ReasonFromCode(http_code) : ReasonFromName(reason_name);
  // An unclassified 500 keeps upstream's empty reason.
  if (reason_name.empty() && http_code == 500) reason = Reason::kUnknown;
  if (reason == Reason::kUnknown && !reason_name.empty()) reason = ReasonFromCode(http_code);
  std::vector<StatusCause> causes;
  const auto* details = status.if_contains("details");
  if (details && details->is_object()) {
    const auto* list = details->get_object().if_contains("causes");
    if (list && list->is_array()) {
      for (const auto& c : list->get_array()) {
        if (!c.is_object()) continue;
        causes.push_back({StringField(c.get_object(), "reason"), StringField(c.get_object(), "message"),
                          StringField(c.get_object(), "field")});
      }
    }
  }
  std::string message = StringField(status, "message");
  if (message.empty()) message = "the server responded with HTTP " + std::to_string(http_code);
  return Status(reason, std::move(message), std::move(causes));
}

Status StatusFromResponse(int http_code, std::string_view body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (!ec && v.is_object()) {
    const auto& o = v.get_object();
    if (const auto* kind = o.if_contains("kind"); kind && kind->is_string() && kind->get_string() == "Status") {
      return StatusFromObject(o, http_code);
    }
  }
  Reason reason = ReasonFromCode(http_code);
  std::string message(body.substr(0, 1024));
  if (message.empty()) message = "the server responded with HTTP " + std::to_string(http_code);
  return Status(reason, std::move(message));
}

}  // namespace kubepp::client
