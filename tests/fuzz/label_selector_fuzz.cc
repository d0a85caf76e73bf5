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

void CheckRoundTrip(const kubepp::api::LabelSelector& s, std::string_view input) {
  std::string text = s.String();
  auto again = kubepp::api::LabelSelector::Parse(text);
  if (!again.ok()) Fail("String() does not parse back", input, text + " -> " + again.status().message());
  if (again->String() != text) Fail("String() is not stable", input, text + " -> " + again->String());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  auto parsed = kubepp::api::LabelSelector::Parse(input);
  if (parsed.ok()) {
    CheckRoundTrip(*parsed, input);
    kubepp::api::Labels labels = {{"app", "web"}, {"tier", ""}, {"x", "5"}};
    (void)parsed->Matches(labels);
    (void)parsed->Matches(static_cast<const boost::json::object*>(nullptr));
  }

  // The same bytes as a metav1.LabelSelector document.
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(input, ec);
  if (!ec && doc.is_object()) {
    auto from_object = kubepp::api::LabelSelector::FromObject(doc.as_object());
    if (from_object.ok()) CheckRoundTrip(*from_object, input);
  }
  return 0;
}
