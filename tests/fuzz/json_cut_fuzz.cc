// Fuzzes the JSON span scanner that lets readers skip metadata.managedFields
// (api/codec/json_spans.h): it runs over response bodies from the server and
// over stored objects. Besides not crashing: whenever the text is valid JSON
// and a member is found, parsing it minus the cut must equal parsing it
// whole and erasing that member. The projection parser that prints Table
// rows (api/codec/json_projection.h) runs over the same input, and on a
// valid object must give what projecting the whole parse gives.
#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/codec/duplicate_keys.h"
#include "api/codec/json_projection.h"
#include "api/codec/json_spans.h"

namespace {

using kubepp::api::JsonProjection;

void Fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "%s\ninput: %.*s\ndetail: %s\n", what, static_cast<int>(input.size()),
               input.data(), detail.c_str());
  std::abort();
}

// The end of the container at `i` (one past its closing bracket), byte by
// byte: what the block-wise skipper must agree with on any text.
size_t ReferenceSkipContainer(std::string_view t, size_t i) {
  int depth = 0;
  bool in_string = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// What ParseProjected should give, from the whole parse.
boost::json::value Project(const boost::json::value& v,
                           const std::vector<JsonProjection::Node>& children) {
  if (children.empty()) return v;
  if (v.is_array()) {
    boost::json::array out;
    for (const auto& e : v.as_array()) out.push_back(Project(e, children));
    return out;
  }
  if (!v.is_object()) return v;
  boost::json::object out;
  for (const auto& n : children) {
    if (const auto* m = v.as_object().if_contains(n.key)) out[n.key] = Project(*m, n.children);
  }
  return out;
}

void CheckProjection(std::string_view text) {
  static const JsonProjection projection{"metadata.name", "spec.containers.name", "status",
                                         "items.x.y"};
  std::string_view captured;
  auto projected = kubepp::api::ParseProjected(text, projection, {}, "metadata", &captured);
  boost::system::error_code ec;
  boost::json::value whole = boost::json::parse(text, ec);
  if (ec || !whole.is_object()) {
    if (projected.ok() && !ec) Fail("a projection of something other than an object", text, "");
    return;
  }
  if (!projected.ok())
    Fail("valid JSON does not parse projected", text, projected.status().message());
  // Escaped keys are compared as written and repeated keys may resolve differently.
  if (text.find('\\') != std::string_view::npos || !kubepp::api::FindDuplicateKeys(text).empty())
    return;
  boost::json::value expected = Project(whole, projection.roots());
  if (*projected != expected) {
    Fail("projection differs from projecting a whole parse", text,
         boost::json::serialize(*projected) + " vs " + boost::json::serialize(expected));
  }
  const auto* meta = whole.as_object().if_contains("metadata");
  if (meta != nullptr && boost::json::parse(captured, ec) != *meta) {
    Fail("captured metadata text differs", text, std::string(captured));
  }
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
  for (size_t at : {open, text.find('['), text.rfind('{')}) {
    if (at == std::string_view::npos) continue;
    size_t skipped = kubepp::api::SkipJsonValue(text, at);
    if (skipped != std::string_view::npos && (skipped <= at || skipped > text.size())) {
      Fail("the skipper ended outside the text", text, std::to_string(skipped));
    }
    // Where the value is valid JSON the two must agree. Elsewhere (a backslash outside a
    // string, say) they may read the text differently: skipped parts are not validated.
    size_t reference = ReferenceSkipContainer(text, at);
    if (reference == std::string_view::npos) continue;
    boost::system::error_code value_ec;
    (void)boost::json::parse(text.substr(at, reference - at), value_ec);
    if (!value_ec && skipped != reference) {
      Fail("the skipper and the byte-by-byte reference disagree", text, std::to_string(skipped));
    }
  }
  CheckProjection(text);
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
