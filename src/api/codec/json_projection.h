// Parsing only the members of a JSON object that a reader needs. A Table
// row's cells read a fifth of a stored pod (its status, a few spec and
// metadata fields); the rest is skipped as text, never built as values.
#pragma once

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::api {

// Which members to keep, as dotted paths: {"metadata.name", "status",
// "spec.containers.name"}. A path ending at a member keeps its whole value.
// A path going through an object keeps only the named members of it; going
// through an array, it keeps those members of each object element (so
// "spec.containers.name" keeps every container, each with its name only,
// and the array's length). Where a path expects an object but the value is
// something else, the value is kept whole. Keys are compared as written:
// an escaped key in the text never matches.
class JsonProjection {
 public:
  JsonProjection(std::initializer_list<std::string_view> paths);

  struct Node {
    std::string key;
    std::vector<Node> children;  // empty: the whole value
  };
  const std::vector<Node>& roots() const { return roots_; }

 private:
  std::vector<Node> roots_;
};

// Parses the members of the object `text` that `projection` keeps into
// `storage`. `captured_key`, when not empty, names a top-level member whose
// value text (a view into `text`) goes to `*captured` ("" when absent), kept
// or not. BadRequest when `text` is not a JSON object or is malformed in
// the parts read; parts skipped are only checked for balanced brackets and
// quotes.
StatusOr<boost::json::value> ParseProjected(std::string_view text, const JsonProjection& projection,
                                            boost::json::storage_ptr storage,
                                            std::string_view captured_key = {},
                                            std::string_view* captured = nullptr);

}  // namespace kubepp::api
