// Fuzzes the field selector parser (the `fieldSelector` query parameter).
// A parsed selector must print to text that parses back to the same terms.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "api/labels/selector.h"

namespace {

using Term = std::tuple<std::string, bool, std::string>;

std::vector<Term> Terms(const kubepp::api::FieldSelector& s) {
  std::vector<Term> out;
  for (const auto& r : s.requirements()) out.emplace_back(r.field, r.equals, r.value);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = kubepp::api::FieldSelector::Parse(input);
  if (!parsed.ok()) return 0;
  std::string text = parsed->String();
  auto again = kubepp::api::FieldSelector::Parse(text);
  if (!again.ok() || Terms(*again) != Terms(*parsed)) {
    std::fprintf(stderr, "field selector does not round-trip\ninput: %.*s\ntext: %s\n", static_cast<int>(size),
                 input.data(), text.c_str());
    std::abort();
  }
  std::map<std::string, std::string, std::less<>> fields = {{"metadata.name", "x"}, {"spec.nodeName", ""}};
  (void)parsed->Matches(fields);
  if (const std::string* v = parsed->RequiresExactMatch("metadata.name")) (void)v->size();
  return 0;
}
