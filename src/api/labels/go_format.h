// Go's formatting of values inside upstream error messages.
//
// Upstream builds messages such as `values[0][app]: Invalid value: "a b": ...`
// with fmt's %q and %#v; clients and tests compare those strings, so we
// reproduce the quoting rules (strconv.Quote) rather than inventing our own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api::internal {

// fmt "%#v" of a []string: `[]string(nil)` when empty (upstream always passes
// a nil slice there), else `[]string{"a", "b"}`.
std::string GoStringSlice(const std::vector<std::string>& values);

// One field.Error of type Invalid: "<field>: Invalid value: <value>: <detail>".
// `value` is already formatted (kubepp::GoQuote or GoStringSlice).
std::string InvalidFieldError(std::string_view field, std::string_view value, std::string_view detail);

// utilerrors.NewAggregate(...).Error(): duplicates dropped, one message
// alone, several as "[a, b]".
std::string AggregateErrors(const std::vector<std::string>& messages);

}  // namespace kubepp::api::internal
