#include "net/grpc/message_reader.h"

#include <cstdint>

namespace kubepp::net::grpc {
namespace {

constexpr size_t kPrefixSize = 5;

}  // namespace

MessageReader::Result MessageReader::Next(std::string* message) {
  if (!error_.ok()) return Result::kError;
  std::string_view rest = std::string_view(buffer_).substr(consumed_);
  if (rest.size() < kPrefixSize) return Result::kNeedMore;
  const auto* u = reinterpret_cast<const uint8_t*>(rest.data());
  const uint32_t length =
      (uint32_t{u[1]} << 24) | (uint32_t{u[2]} << 16) | (uint32_t{u[3]} << 8) | u[4];
  if (u[0] != 0) {
    error_ = {StatusCode::kInternal, "grpc: compressed flag set with identity or empty encoding"};
    return Result::kError;
  }
  if (length > max_message_) {
    error_ = {StatusCode::kResourceExhausted, "grpc: received message larger than max (" +
                                                  std::to_string(length) + " vs. " +
                                                  std::to_string(max_message_) + ")"};
    return Result::kError;
  }
  if (rest.size() - kPrefixSize < length) return Result::kNeedMore;
  message->assign(rest.substr(kPrefixSize, length));
  consumed_ += kPrefixSize + length;
  // Drop what has been read once it is most of the buffer, so memory follows the unread part.
  if (consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  } else if (consumed_ > buffer_.size() / 2) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  return Result::kMessage;
}

}  // namespace kubepp::net::grpc
