// Finding members in JSON text without parsing it: the byte spans of a
// member and its value. Lets a reader parse an object minus a large member
// it only passes through (a pod's managedFields in a Table row), and copy
// that member's text as it is.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

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

}  // namespace kubepp::api
