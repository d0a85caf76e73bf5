// Keys that repeat within one mapping of a YAML (or JSON) document, with the
// line of each repetition — what upstream's strict YAML decoding reports as
//   line 10: key "paused" already set in map
// Server-side apply refuses them with fieldValidation=Strict and warns about
// them otherwise.
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api {

struct DuplicateKey {
  int line = 0;  // 1-based line of the repeated key
  std::string key;
  // `line N: key "k" already set in map`
  std::string Message() const;
};

// In document order. Text that does not parse yields what was found before
// the error (the decoder reports the error itself).
std::vector<DuplicateKey> FindDuplicateKeys(std::string_view text);

}  // namespace kubepp::api
