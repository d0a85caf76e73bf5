// $(VAR) expansion of env values, command and args, exactly as upstream's
// third_party/forked/golang/expansion:
//
//   "$(A)"        -> the value of A, or "$(A)" verbatim when A is undefined
//   "$$"          -> "$"  (so "$$(A)" is the literal text "$(A)")
//   "$(" unclosed -> kept as is, and scanning resumes after the "$"
//   "$x", "${A}"  -> kept as is (only the parenthesised form expands)
//
// There is no recursion: a value that itself contains "$(B)" is inserted
// literally. Thread safety: pure functions.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

namespace kubepp::kubelet::container {

// Variables by name; std::less<> so lookups take string_views.
using EnvMap = std::map<std::string, std::string, std::less<>>;

// What a $(NAME) reference is replaced with.
using ExpansionMapping = std::function<std::string(std::string_view name)>;

// Expands every $(NAME) in `input` with `mapping`.
std::string Expand(std::string_view input, const ExpansionMapping& mapping);

// The mapping upstream builds with MappingFuncFor: the first context that
// defines the name wins; an undefined name expands to "$(NAME)" itself.
// The contexts are read at expansion time, not copied.
ExpansionMapping MappingFor(std::initializer_list<const EnvMap*> contexts);

}  // namespace kubepp::kubelet::container
