// The tokenizer of label selector strings, with upstream's quirks kept:
// identifiers run until whitespace or one of = ! ( ) , > <, so "a b" is two
// identifiers and "in"/"notin" are keywords that the parser turns back into
// identifiers where a value is expected; a NUL byte ends the current token
// (and ends the input when it starts a token), as in upstream's lexer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api::internal {

enum class Token {
  kError,
  kEndOfString,
  kClosedPar,
  kComma,
  kDoesNotExist,  // "!"
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

struct ScannedItem {
  Token token;
  std::string literal;  // the text; for kError, the error message
};

// Every token of `text`, the last one always kEndOfString.
std::vector<ScannedItem> ScanSelector(std::string_view text);

}  // namespace kubepp::api::internal
