// Fuzzes the label selector parser (the `labelSelector` query parameter and
// metav1.LabelSelector objects, both untrusted). Besides not crashing, a
// parsed selector must print to text that parses back to the same selector.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "api/labels/selector.h"

namespace {

void Fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "%s\ninput: %.*s\ndetail: %s\n", what, static_cast<int>(input.size()), input.data(),
               detail.c_str());
  std::abort();
}

// Text parsing drops repeated values ("in (b,b)" is "in (b)"), as upstream's
// parser does, while a metav1.LabelSelector keeps its values as written (so
// does upstream's LabelSelectorAsSelector). A selector from an object may
// therefore print differently once reparsed, but that second form is final.
void CheckRoundTrip(const kubepp::api::LabelSelector& s, std::string_view input, bool from_text) {
  std::string text = s.String();
  auto again = kubepp::api::LabelSelector::Parse(text);
  if (!again.ok()) Fail("String() does not parse back", input, text + " -> " + again.status().message());
  std::string reprinted = again->String();
  if (!from_text) {
    auto third = kubepp::api::LabelSelector::Parse(reprinted);
    if (!third.ok()) Fail("String() does not parse back", input, reprinted + " -> " + third.status().message());
    text = reprinted;
    reprinted = third->String();
  }
  if (reprinted != text) Fail("String() is not stable", input, text + " -> " + reprinted);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  auto parsed = kubepp::api::LabelSelector::Parse(input);
  if (parsed.ok()) {
    CheckRoundTrip(*parsed, input, /*from_text=*/true);
    kubepp::api::Labels labels = {{"app", "web"}, {"tier", ""}, {"x", "5"}};
    (void)parsed->Matches(labels);
    (void)parsed->Matches(static_cast<const boost::json::object*>(nullptr));
  }

  // The same bytes as a metav1.LabelSelector document.
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(input, ec);
  if (!ec && doc.is_object()) {
    auto from_object = kubepp::api::LabelSelector::FromObject(doc.as_object());
    if (from_object.ok()) CheckRoundTrip(*from_object, input, /*from_text=*/false);
  }
  return 0;
}
