// Fuzzes $(VAR) expansion (env values, command and args come from any API
// client): it must never crash, must leave text without "$" unchanged, and a
// mapping that knows no variable must reproduce the input except for "$$"
// escapes, which shrink to "$".
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kubelet/container/expansion.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using kubepp::kubelet::container::EnvMap;
  using kubepp::kubelet::container::Expand;
  using kubepp::kubelet::container::MappingFor;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  EnvMap vars{{"A", "alpha"}, {"B", "$(A)"}, {"", "empty"}};
  std::string expanded = Expand(text, MappingFor({&vars}));
  if (text.find('$') == std::string_view::npos && expanded != text) std::abort();
  EnvMap none;
  std::string kept = Expand(text, MappingFor({&none}));
  if (kept.size() > text.size()) std::abort();
  // Expanding twice with no variables only removes further "$$" pairs.
  if (Expand(kept, MappingFor({&none})).size() > kept.size()) std::abort();
  return 0;
}
