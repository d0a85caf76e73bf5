#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <optional>

#include "api/codec/codec.h"
#include "api/codec/json_spans.h"

namespace kubepp::api {

boost::json::parse_options JsonParseOptions() {
  boost::json::parse_options options;
  options.max_depth = 10000;
  return options;
}

boost::json::storage_ptr RequestArena() {
  return boost::json::make_shared_resource<boost::json::monotonic_resource>();
}

StatusOr<boost::json::value> ParseJson(std::string_view text, boost::json::storage_ptr storage) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec, std::move(storage), JsonParseOptions());
  if (ec) return Status::BadRequest("json parse error: " + ec.message());
  return v;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xe  ? 3
                 : (c >> 3) == 0x1e ? 4
                                    : 0;
    if (len == 0 || i + len > n) return false;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      return false;
    }
    i += len;
  }
  return true;
}

Status CheckUtf8(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::string:
      return IsValidUtf8(v.get_string()) ? Status::Ok()
                                         : Status::BadRequest("invalid UTF-8 in a string value");
    case boost::json::kind::array:
      for (const auto& item : v.get_array()) KUBEPP_RETURN_IF_ERROR(CheckUtf8(item));
      return Status::Ok();
    case boost::json::kind::object:
      for (const auto& kv : v.get_object()) {
        if (!IsValidUtf8(kv.key())) return Status::BadRequest("invalid UTF-8 in a field name");
        KUBEPP_RETURN_IF_ERROR(CheckUtf8(kv.value()));
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

namespace {

// Appends `"key":<value>` (with a leading comma unless first).
void AppendMember(std::string& out, bool& first, std::string_view key,
                  const boost::json::value& v) {
  if (!first) out.push_back(',');
  first = false;
  out += boost::json::serialize(boost::json::string_view(key.data(), key.size()));
  out.push_back(':');
  out += boost::json::serialize(v);
}

}  // namespace

// Written member by member rather than through a reordered copy: this runs
// on every write, and copying the object cost more than serializing it.
std::string EncodeForStorage(const boost::json::object& obj) {
  std::string out;
  out.reserve(4096);
  out.push_back('{');
  bool first = true;
  for (const char* key : {"apiVersion", "kind"}) {
    if (auto it = obj.find(key); it != obj.end()) AppendMember(out, first, key, it->value());
  }
  if (!first) out.push_back(',');
  first = false;
  out += "\"metadata\":{";
  if (auto it = obj.find("metadata"); it != obj.end() && it->value().is_object()) {
    bool first_meta = true;
    for (const auto& kv : it->value().as_object()) {
      if (kv.key() == "resourceVersion") continue;
      AppendMember(out, first_meta, kv.key(), kv.value());
    }
  }
  out.push_back('}');
  for (const auto& kv : obj) {
    if (kv.key() == "apiVersion" || kv.key() == "kind" || kv.key() == "metadata") continue;
    AppendMember(out, first, kv.key(), kv.value());
  }
  out.push_back('}');
  return out;
}

void AppendMetadataWithResourceVersion(std::string& out, std::string_view metadata, int64_t rv) {
  size_t open = metadata.find('{');
  if (open == std::string_view::npos) {
    metadata = "{}";
    open = 0;
  }
  char digits[24];
  int n = std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(rv));
  out.append(metadata.substr(0, open + 1));
  out.append("\"resourceVersion\":\"");
  out.append(digits, static_cast<size_t>(n));
  out.push_back('"');
  std::string_view rest = metadata.substr(open + 1);
  if (!rest.empty() && rest[0] != '}') out.push_back(',');
  out.append(rest);
}

void AppendWithResourceVersion(std::string& out, std::string_view stored, int64_t rv) {
  static constexpr std::string_view kMeta = "\"metadata\":";
  size_t at = stored.find("\"metadata\":{");
  if (at == std::string_view::npos) {
    out.append(stored);
    return;
  }
  at += kMeta.size();
  out.append(stored.substr(0, at));
  AppendMetadataWithResourceVersion(out, stored.substr(at), rv);
}

std::string WithResourceVersion(std::string_view stored, int64_t rv) {
  std::string out;
  out.reserve(stored.size() + 48);
  AppendWithResourceVersion(out, stored, rv);
  return out;
}

namespace {

// A parsed stored value as served: an object whose metadata carries `rv`.
StatusOr<boost::json::object> StoredObject(boost::json::value v, int64_t rv) {
  if (!v.is_object()) return Status::Internal("stored value is not an object");
  boost::json::object obj = std::move(v.as_object());
  auto& meta = obj["metadata"];
  if (!meta.is_object()) meta = boost::json::object();
  meta.as_object()["resourceVersion"] = std::to_string(rv);
  return obj;
}

}  // namespace

StatusOr<boost::json::object> DecodeStoredApartFromManagedFields(std::string_view stored,
                                                                 int64_t rv,
                                                                 boost::json::storage_ptr storage,
                                                                 std::string_view* managed_fields) {
  *managed_fields = {};
  size_t open = stored.find('{');
  std::string_view text;
  std::optional<JsonCut> cut;
  if (open != std::string_view::npos)
    cut = JsonMemberCut(stored, open, {"metadata", "managedFields"}, &text);
  if (!cut) return DecodeStored(stored, rv, std::move(storage));
  auto v = ParseJsonWithCuts(stored, {*cut}, storage);
  if (!v.ok()) return DecodeStored(stored, rv, std::move(storage));
  auto obj = StoredObject(std::move(*v), rv);
  if (obj.ok()) *managed_fields = text;
  return obj;
}

StatusOr<boost::json::object> DecodeStored(std::string_view stored, int64_t rv,
                                           boost::json::storage_ptr storage) {
  auto v = ParseJson(stored, std::move(storage));
  if (!v.ok()) return Status::Internal("stored object is not JSON: " + v.status().message());
  return StoredObject(std::move(*v), rv);
}

}  // namespace kubepp::api
