// Finding members in JSON text without parsing it: the byte spans of a
// member and its value. Lets a reader parse an object minus a large member
// it only passes through (a pod's managedFields in a Table row), and copy
// that member's text as it is.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "base/status.h"

namespace kubepp::api {

struct MemberSpan {
  size_t member_begin = 0;  // the key's opening quote
  size_t value_begin = 0;
  size_t value_end = 0;     // one past the value
};

// The end of the JSON value that starts at or after `pos` (whitespace
// skipped); npos when the text is malformed or ends first.
size_t SkipJsonValue(std::string_view text, size_t pos);

// The member `key` of the object whose '{' is at `open`; nullopt when it is
// absent or the text is malformed. Keys are compared as written (escaped
// keys never match).
std::optional<MemberSpan> FindJsonMember(std::string_view text, size_t open, std::string_view key);

// Where each element of the array whose '[' is at `open` begins; empty when
// the text is malformed.
std::vector<size_t> JsonArrayElements(std::string_view text, size_t open);

// A byte range of JSON text to leave out when parsing: [begin, end).
struct JsonCut {
  size_t begin = 0, end = 0;
};
// The cut that removes the member at `path` (keys from the object at `open`
// down) together with the comma joining it to a neighbour, so the rest stays
// valid JSON; nullopt when there is no such member. `value`, when given,
// receives the member's value text.
std::optional<JsonCut> JsonMemberCut(std::string_view text, size_t open, std::initializer_list<std::string_view> path,
                                     std::string_view* value = nullptr);
// Parses `text` without the `cuts` (in order, not overlapping).
StatusOr<boost::json::value> ParseJsonWithCuts(std::string_view text, const std::vector<JsonCut>& cuts,
                                               boost::json::storage_ptr storage = {});

}  // namespace kubepp::api
