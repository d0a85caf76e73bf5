// The message-level codec under protobuf.h: one schema message's wire bytes
// to and from a JSON object. Separate from the envelope so that tests and
// nested envelopes (RawExtension, WatchEvent) can use it directly.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "api/protobuf/schema.h"
#include "base/status.h"

namespace kubepp::api::protobuf {

// Nesting deeper than this is refused as malformed (stack safety).
inline constexpr int kMaxDepth = 64;

// Merges the fields of `data` (wire bytes of `msg`) into `out`.
Status DecodeMessage(const Message& msg, std::string_view data, boost::json::object& out,
                     int depth = 0);

// Appends the wire bytes of `in` read as `msg` to `out`.
Status EncodeMessage(const Message& msg, const boost::json::object& in, std::string& out,
                     int depth = 0);

// Decodes an envelope (magic + runtime.Unknown); shared by the API and by
// RawExtension values that hold a nested protobuf object.
StatusOr<boost::json::value> DecodeEnvelope(std::string_view body, std::string* api_version,
                                            std::string* kind, int depth);

}  // namespace kubepp::api::protobuf
