#include "base/status.h"

namespace kubepp {

std::string_view ReasonName(Reason r) {
  switch (r) {
    case Reason::kOk: return "";
    case Reason::kUnknown: return "";
    case Reason::kUnauthorized: return "Unauthorized";
    case Reason::kForbidden: return "Forbidden";
    case Reason::kNotFound: return "NotFound";
    case Reason::kAlreadyExists: return "AlreadyExists";
    case Reason::kConflict: return "Conflict";
    case Reason::kGone: return "Gone";
    case Reason::kExpired: return "Expired";
    case Reason::kInvalid: return "Invalid";
    case Reason::kServerTimeout: return "ServerTimeout";
    case Reason::kTimeout: return "Timeout";
    case Reason::kTooManyRequests: return "TooManyRequests";
    case Reason::kBadRequest: return "BadRequest";
    case Reason::kMethodNotAllowed: return "MethodNotAllowed";
    case Reason::kNotAcceptable: return "NotAcceptable";
    case Reason::kRequestEntityTooLarge: return "RequestEntityTooLarge";
    case Reason::kUnsupportedMediaType: return "UnsupportedMediaType";
    case Reason::kInternalError: return "InternalError";
    case Reason::kServiceUnavailable: return "ServiceUnavailable";
    case Reason::kUnavailable: return "ServiceUnavailable";
    case Reason::kDataLoss: return "InternalError";
  }
  return "";
}

int ReasonHttpCode(Reason r) {
  switch (r) {
    case Reason::kOk: return 200;
    case Reason::kUnauthorized: return 401;
    case Reason::kForbidden: return 403;
    case Reason::kNotFound: return 404;
    case Reason::kAlreadyExists:
    case Reason::kConflict: return 409;
    case Reason::kGone:
    case Reason::kExpired: return 410;
    case Reason::kInvalid: return 422;
    case Reason::kTimeout: return 504;
    case Reason::kTooManyRequests: return 429;
    case Reason::kBadRequest: return 400;
    case Reason::kMethodNotAllowed: return 405;
    case Reason::kNotAcceptable: return 406;
    case Reason::kRequestEntityTooLarge: return 413;
    case Reason::kUnsupportedMediaType: return 415;
    case Reason::kServiceUnavailable:
    case Reason::kUnavailable: return 503;
    case Reason::kUnknown:
    case Reason::kServerTimeout:
    case Reason::kInternalError:
    case Reason::kDataLoss: return 500;
  }
  return 500;
}

Status::Status(Reason reason, std::string message, std::vector<StatusCause> causes) {
  if (reason != Reason::kOk) {
    rep_ = std::make_shared<const Rep>(Rep{reason, std::move(message), std::move(causes)});
  }
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

const std::vector<StatusCause>& Status::causes() const {
  static const std::vector<StatusCause> kNone;
  return rep_ ? rep_->causes : kNone;
}

Status Status::WithRetryAfter(int seconds) const {
  Status out;
  if (rep_) {
    Rep rep = *rep_;
    rep.retry_after_seconds = seconds;
    out.rep_ = std::make_shared<const Rep>(std::move(rep));
  }
  return out;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(ReasonName(reason()));
  if (out.empty()) out = "Error";
  out += ": ";
  out += message();
  return out;
}

}  // namespace kubepp
