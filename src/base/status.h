// Status: the outcome of an operation, carrying a Kubernetes reason.
//
// An OK status costs one pointer and no allocation. A failure carries the
// Kubernetes `reason` (NotFound, Conflict, Invalid, ...), a human message and,
// for Invalid, the field causes; the apiserver turns it 1:1 into the metav1
// Status object with the HTTP code that reason maps to. "Not found" is a value,
// not an exception. StatusOr<T> holds either a T or a failure.
//
// Thread safety: a Status is an immutable value; copies share nothing mutable.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kubepp {

// The reasons of metav1.StatusReason that kubepp produces. DO NOT REORDER:
// the store's WAL does not record them, but tests and metrics name them.
enum class Reason {
  kOk = 0,
  kUnknown,               // 500
  kUnauthorized,          // 401
  kForbidden,             // 403
  kNotFound,              // 404
  kAlreadyExists,         // 409
  kConflict,              // 409
  kGone,                  // 410 (also "Expired" for list continuations)
  kExpired,               // 410
  kInvalid,               // 422
  kServerTimeout,         // 500
  kTimeout,               // 504
  kTooManyRequests,       // 429
  kBadRequest,            // 400
  kMethodNotAllowed,      // 405
  kNotAcceptable,         // 406
  kRequestEntityTooLarge, // 413
  kUnsupportedMediaType,  // 415
  kInternalError,         // 500
  kServiceUnavailable,    // 503
  kUnavailable,           // store: backend cannot serve now (disk full, closed)
  kDataLoss,              // store: on-disk corruption
};

// The string Kubernetes uses for the reason ("NotFound", ...). Empty for kOk.
std::string_view ReasonName(Reason r);
// The HTTP status code upstream sends with this reason.
int ReasonHttpCode(Reason r);

// One field-level cause of a failure (metav1.StatusCause).
struct StatusCause {
  std::string type;     // "FieldValueInvalid", "FieldValueRequired", ...
  std::string message;  // "Invalid value: \"Foo\": a lowercase RFC 1123 ..."
  std::string field;    // "metadata.name"
};

class Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Reason::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) { return Status(Reason::kAlreadyExists, std::move(msg)); }
  static Status Conflict(std::string msg) { return Status(Reason::kConflict, std::move(msg)); }
  static Status Gone(std::string msg) { return Status(Reason::kGone, std::move(msg)); }
  static Status Expired(std::string msg) { return Status(Reason::kExpired, std::move(msg)); }
  static Status Invalid(std::string msg, std::vector<StatusCause> causes = {}) {
    return Status(Reason::kInvalid, std::move(msg), std::move(causes));
  }
  static Status BadRequest(std::string msg) { return Status(Reason::kBadRequest, std::move(msg)); }
  static Status Forbidden(std::string msg) { return Status(Reason::kForbidden, std::move(msg)); }
  static Status Unauthorized(std::string msg) { return Status(Reason::kUnauthorized, std::move(msg)); }
  static Status MethodNotAllowed(std::string msg) { return Status(Reason::kMethodNotAllowed, std::move(msg)); }
  static Status NotAcceptable(std::string msg) { return Status(Reason::kNotAcceptable, std::move(msg)); }
  static Status UnsupportedMediaType(std::string msg) { return Status(Reason::kUnsupportedMediaType, std::move(msg)); }
  static Status TooLarge(std::string msg) { return Status(Reason::kRequestEntityTooLarge, std::move(msg)); }
  static Status Timeout(std::string msg) { return Status(Reason::kTimeout, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Reason::kInternalError, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Reason::kUnavailable, std::move(msg)); }
  static Status ServiceUnavailable(std::string msg) { return Status(Reason::kServiceUnavailable, std::move(msg)); }
  static Status DataLoss(std::string msg) { return Status(Reason::kDataLoss, std::move(msg)); }

  Status(Reason reason, std::string message, std::vector<StatusCause> causes = {});

  bool ok() const { return rep_ == nullptr; }
  Reason reason() const { return rep_ ? rep_->reason : Reason::kOk; }
  const std::string& message() const;
  const std::vector<StatusCause>& causes() const;
  // Seconds the client is asked to wait before it retries (details.retryAfterSeconds and the
  // Retry-After header); 0: no such advice.
  int retry_after_seconds() const { return rep_ ? rep_->retry_after_seconds : 0; }
  // This failure with that advice. REQUIRES: !ok().
  Status WithRetryAfter(int seconds) const;
  int http_code() const { return ReasonHttpCode(reason()); }

  bool IsNotFound() const { return reason() == Reason::kNotFound; }
  bool IsAlreadyExists() const { return reason() == Reason::kAlreadyExists; }
  bool IsConflict() const { return reason() == Reason::kConflict; }
  bool IsGone() const { return reason() == Reason::kGone || reason() == Reason::kExpired; }
  bool IsInvalid() const { return reason() == Reason::kInvalid; }

  // "NotFound: pods \"x\" not found" — for logs and test failure messages.
  std::string ToString() const;

 private:
  struct Rep {
    Reason reason;
    std::string message;
    std::vector<StatusCause> causes;
    int retry_after_seconds = 0;
  };
  std::shared_ptr<const Rep> rep_;
};

// Either a value or a failed Status. REQUIRES: a StatusOr built from a Status
// is built from a failure, never from Status::Ok().
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : v_(std::move(value)) {}          // NOLINT(implicit)
  StatusOr(Status status) : v_(std::move(status)) {}   // NOLINT(implicit)

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace kubepp

// Returns the failed Status of `expr` from the enclosing function.
#define KUBEPP_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::kubepp::Status _st = (expr);            \
    if (!_st.ok()) return _st;                \
  } while (0)
