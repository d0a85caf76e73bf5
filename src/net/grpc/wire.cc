#include "net/grpc/wire.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "net/big_endian.h"

namespace kubepp::net::grpc {
namespace {

constexpr size_t kPrefixSize = 5;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view HttpStatusText(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

std::optional<int> ParseInt(const std::string* text) {
  if (text == nullptr) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// A complete HTTP/2 response read as a gRPC answer.
CallResult ResultOfResponse(const http2::Exchange& ex, size_t max_message) {
  std::optional<int> http_status = ParseInt(http2::FindHeader(ex.headers, ":status"));
  if (!http_status)
    return CallResult::Error(StatusCode::kInternal, "malformed header: missing HTTP status");
  // Trailers-only: the status is in the only header block.
  const http2::HeaderList& trailers = ex.trailers.empty() ? ex.headers : ex.trailers;
  const std::string* grpc_status_text = http2::FindHeader(trailers, "grpc-status");
  if (*http_status != 200 && grpc_status_text == nullptr) {
    std::string message =
        "unexpected HTTP status code received from server: " + std::to_string(*http_status);
    std::string_view text = HttpStatusText(*http_status);
    if (!text.empty()) message += " (" + std::string(text) + ")";
    return CallResult::Error(CodeForHttpStatus(*http_status), std::move(message));
  }
  const std::string* content_type = http2::FindHeader(ex.headers, "content-type");
  if (content_type == nullptr || !content_type->starts_with("application/grpc")) {
    return CallResult::Error(StatusCode::kInternal,
                             "transport: received unexpected content-type \"" +
                                 (content_type ? *content_type : std::string()) + "\"");
  }
  if (grpc_status_text == nullptr) {
    return CallResult::Error(StatusCode::kInternal,
                             "server closed the stream without sending trailers");
  }
  std::optional<int> code = ParseInt(grpc_status_text);
  if (!code || *code < 0) {
    return CallResult::Error(StatusCode::kUnknown,
                             "malformed grpc-status \"" + *grpc_status_text + "\"");
  }
  if (*code != 0) {
    const std::string* message = http2::FindHeader(trailers, "grpc-message");
    return CallResult::Error(static_cast<StatusCode>(*code),
                             message ? PercentDecode(*message) : "");
  }
  return UnframeMessage(ex.body, max_message);
}

}  // namespace

std::string MessagePrefix(size_t length) {
  auto n = static_cast<uint32_t>(length);
  return {'\0', static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
          static_cast<char>(n)};
}

std::string FrameMessage(std::string_view message) {
  std::string out;
  out.reserve(kPrefixSize + message.size());
  out.append(MessagePrefix(message.size()));
  out.append(message);
  return out;
}

CallResult UnframeMessage(std::string_view body, size_t max_size) {
  if (body.empty()) {
    return CallResult::Error(StatusCode::kInternal,
                             "cardinality violation: expected a response message, received none");
  }
  if (body.size() < kPrefixSize) {
    return CallResult::Error(StatusCode::kInternal, "truncated gRPC message prefix");
  }
  uint8_t flag = static_cast<uint8_t>(body[0]);
  uint32_t length = ReadU32(body.data() + 1);
  if (flag != 0) {
    return CallResult::Error(StatusCode::kInternal,
                             "grpc: compressed message received but no compression was negotiated");
  }
  if (length > max_size) {
    return CallResult::Error(StatusCode::kResourceExhausted,
                             "grpc: received message larger than max (" + std::to_string(length) +
                                 " vs. " + std::to_string(max_size) + ")");
  }
  if (body.size() - kPrefixSize < length) {
    return CallResult::Error(StatusCode::kInternal, "truncated gRPC message");
  }
  if (body.size() - kPrefixSize > length) {
    return CallResult::Error(StatusCode::kInternal,
                             "cardinality violation: expected one response message, received more");
  }
  CallResult result;
  result.response.assign(body.substr(kPrefixSize));
  return result;
}

std::string EncodeTimeout(std::chrono::nanoseconds timeout) {
  constexpr int64_t kMaxValue = 99999999;  // 8 digits
  struct Unit {
    int64_t nanos;
    char symbol;
  };
  static constexpr Unit kUnits[] = {{1, 'n'},
                                    {1000, 'u'},
                                    {1000000, 'm'},
                                    {1000000000, 'S'},
                                    {60LL * 1000000000, 'M'},
                                    {3600LL * 1000000000, 'H'}};
  int64_t nanos = std::max<int64_t>(timeout.count(), 1);
  for (const Unit& unit : kUnits) {
    int64_t value = (nanos + unit.nanos - 1) / unit.nanos;
    if (value <= kMaxValue) return std::to_string(value) + unit.symbol;
  }
  return std::to_string(kMaxValue) + "H";
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<uint8_t>(c);
    if (u >= 0x20 && u <= 0x7e && c != '%') {
      out.push_back(c);
      continue;
    }
    out.push_back('%');
    out.push_back(kHex[u >> 4]);
    out.push_back(kHex[u & 0xf]);
  }
  return out;
}

std::optional<std::chrono::nanoseconds> ParseTimeout(std::string_view text) {
  if (text.size() < 2 || text.size() > 9) return std::nullopt;
  int64_t value = 0;
  std::string_view digits = text.substr(0, text.size() - 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value < 0) return std::nullopt;
  switch (text.back()) {
    case 'H':
      return std::chrono::hours(value);
    case 'M':
      return std::chrono::minutes(value);
    case 'S':
      return std::chrono::seconds(value);
    case 'm':
      return std::chrono::milliseconds(value);
    case 'u':
      return std::chrono::microseconds(value);
    case 'n':
      return std::chrono::nanoseconds(value);
    default:
      return std::nullopt;
  }
}

StatusCode CodeForHttpStatus(int http_status) {
  switch (http_status) {
    case 400:
      return StatusCode::kInternal;
    case 401:
      return StatusCode::kUnauthenticated;
    case 403:
      return StatusCode::kPermissionDenied;
    case 404:
      return StatusCode::kUnimplemented;
    case 429:
    case 502:
    case 503:
    case 504:
      return StatusCode::kUnavailable;
    default:
      return StatusCode::kUnknown;
  }
}

StatusCode CodeForResetStream(http2::ErrorCode code) {
  switch (code) {
    case http2::ErrorCode::kRefusedStream:
      return StatusCode::kUnavailable;
    case http2::ErrorCode::kCancel:
      return StatusCode::kCancelled;
    case http2::ErrorCode::kEnhanceYourCalm:
      return StatusCode::kResourceExhausted;
    case http2::ErrorCode::kInadequateSecurity:
      return StatusCode::kPermissionDenied;
    default:
      return StatusCode::kInternal;
  }
}

CallResult ResultOfExchange(const http2::Exchange& ex, size_t max_message) {
  using Outcome = http2::Exchange::Outcome;
  switch (ex.outcome) {
    case Outcome::kComplete:
      return ResultOfResponse(ex, max_message);
    case Outcome::kRefused:
      return CallResult::Error(StatusCode::kUnavailable,
                               "the server did not process the call: " + ex.detail);
    case Outcome::kReset:
      return CallResult::Error(CodeForResetStream(ex.error_code),
                               "stream terminated by RST_STREAM with error code: " +
                                   http2::ErrorCodeName(ex.error_code) +
                                   (ex.detail.empty() ? "" : " (" + ex.detail + ")"));
    case Outcome::kConnectionLost:
      return CallResult::Error(StatusCode::kUnavailable, "connection lost: " + ex.detail);
    case Outcome::kDeadlineExceeded:
      return CallResult::Error(StatusCode::kDeadlineExceeded, "context deadline exceeded");
    case Outcome::kTooLarge:
      return CallResult::Error(StatusCode::kResourceExhausted,
                               "grpc: received message larger than max: " + ex.detail);
  }
  return CallResult::Error(StatusCode::kInternal, "unknown exchange outcome");
}

}  // namespace kubepp::net::grpc
