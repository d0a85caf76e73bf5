#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/codec/codec.h"

namespace kubepp::api {

StatusOr<boost::json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 10000;
  boost::json::value v = boost::json::parse(text, ec, {}, options);
  if (ec) return Status::BadRequest("json parse error: " + ec.message());
  return v;
}

std::string EncodeForStorage(const boost::json::object& obj) {
  boost::json::object out;
  out.reserve(obj.size());
  for (const char* key : {"apiVersion", "kind"}) {
    if (auto it = obj.find(key); it != obj.end()) out[key] = it->value();
  }
  boost::json::object meta;
  if (auto it = obj.find("metadata"); it != obj.end() && it->value().is_object()) {
    meta = it->value().as_object();
  }
  meta.erase("resourceVersion");
  out["metadata"] = std::move(meta);
  for (const auto& kv : obj) {
    if (kv.key() == "apiVersion" || kv.key() == "kind" || kv.key() == "metadata") continue;
    out[kv.key()] = kv.value();
  }
  return boost::json::serialize(out);
}

std::string WithResourceVersion(std::string_view stored, int64_t rv) {
  static constexpr std::string_view kMeta = "\"metadata\":{";
  size_t at = stored.find(kMeta);
  std::string out;
  std::string field = "\"resourceVersion\":\"" + std::to_string(rv) + "\"";
  if (at == std::string_view::npos) return std::string(stored);
  at += kMeta.size();
  out.reserve(stored.size() + field.size() + 1);
  out.append(stored.substr(0, at));
  out.append(field);
  if (at < stored.size() && stored[at] != '}') out.push_back(',');
  out.append(stored.substr(at));
  return out;
}

StatusOr<boost::json::object> DecodeStored(std::string_view stored, int64_t rv) {
  auto v = ParseJson(stored);
  if (!v.ok()) return Status::Internal("stored object is not JSON: " + v.status().message());
  if (!v->is_object()) return Status::Internal("stored value is not an object");
  boost::json::object obj = std::move(v->as_object());
  auto& meta = obj["metadata"];
  if (!meta.is_object()) meta = boost::json::object();
  meta.as_object()["resourceVersion"] = std::to_string(rv);
  return obj;
}

}  // namespace kubepp::api
