// Fuzzes the JSON span scanner that lets readers skip metadata.managedFields
// (api/codec/json_spans.h): it runs over response bodies from the server and
// over stored objects. Besides not crashing: whenever the text is valid JSON
// and a member is found, parsing it minus the cut must equal parsing it
// whole and erasing that member.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "api/codec/json_spans.h"

namespace {

void Fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "%s\ninput: %.*s\ndetail: %s\n", what, static_cast<int>(input.size()), input.data(),
               detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t open = text.find('{');
  if (open == std::string_view::npos) return 0;
  std::string_view removed;
  auto cut = kubepp::api::JsonMemberCut(text, open, {"metadata", "managedFields"}, &removed);
  (void)kubepp::api::FindJsonMember(text, open, "items");
  if (size_t bracket = text.find('['); bracket != std::string_view::npos) {
    (void)kubepp::api::JsonArrayElements(text, bracket);
  }
  (void)kubepp::api::SkipJsonValue(text, 0);
  if (!cut) return 0;
  if (cut->begin > cut->end || cut->end > text.size()) Fail("cut out of range", text, "");
  auto apart = kubepp::api::ParseJsonWithCuts(text, {*cut});
  boost::system::error_code ec;
  boost::json::value whole = boost::json::parse(text, ec);
  // Only a lone object with nothing before it is compared: the scanner starts at the first '{'.
  if (ec || open != 0 || !whole.is_object()) return 0;
  if (!apart.ok()) Fail("valid JSON does not parse once cut", text, apart.status().message());
  // Repeated keys (written plainly or with escapes) are where the scanner,
  // which takes the first, and the parser, which keeps the last, may see
  // different members: those inputs are only checked for crashes.
  auto managed_fields_of = [](boost::json::value& v) -> boost::json::value* {
    auto* meta = v.is_object() ? v.as_object().if_contains("metadata") : nullptr;
    return meta && meta->is_object() ? meta->as_object().if_contains("managedFields") : nullptr;
  };
  boost::json::value* fields = managed_fields_of(whole);
  if (fields == nullptr || managed_fields_of(*apart) != nullptr) return 0;
  boost::json::value removed_value = boost::json::parse(removed, ec);
  if (ec) Fail("the removed text is not a JSON value", text, std::string(removed));
  if (removed_value != *fields) return 0;
  whole.as_object()["metadata"].as_object().erase("managedFields");
  if (*apart != whole) {
    Fail("cut parse differs from a whole parse", text,
         boost::json::serialize(*apart) + " vs " + boost::json::serialize(whole));
  }
  return 0;
}
