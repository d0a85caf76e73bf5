// Fuzzes $(VAR) expansion (env values, command and args come from any API
// client): it must never crash and must leave text without "$" unchanged.
// With a mapping that knows no variable, only "$$" escapes shrink and only a
// "$" before a byte >= 0x80 grows (upstream re-encodes that byte as a rune,
// two bytes of UTF-8), so the output is at most one byte per "$" longer.
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
  size_t dollars = 0;
  for (char c : text) dollars += c == '$' ? 1 : 0;
  if (kept.size() > text.size() + dollars) std::abort();
  return 0;
}
