// QueryValues: a query string as Go's url.Values sees it — every key with all
// its values, in order — since options objects repeat keys (an exec command
// is one `command=` per argument).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubepp::api {

using QueryValues = std::vector<std::pair<std::string, std::string>>;

// Decodes "a=1&b=x+y&b=%2F" (percent escapes, '+' as space); a key without
// '=' has the value "".
QueryValues ParseQueryValues(std::string_view raw);

// The first value of `key`, if any.
std::optional<std::string> FirstValue(const QueryValues& values, std::string_view key);
// Every value of `key`, in order.
std::vector<std::string> AllValues(const QueryValues& values, std::string_view key);

// Encodes as Go's url.Values.Encode: keys sorted (values of one key in
// order), each part escaped as url.QueryEscape does.
std::string EncodeQuery(const QueryValues& values);
std::string QueryEscape(std::string_view text);

}  // namespace kubepp::api
