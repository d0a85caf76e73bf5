#include "apiserver/response_form.h"

#include <boost/json/serialize.hpp>
#include <vector>

#include "base/strings.h"

namespace kubepp::apiserver {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(Trim(s.substr(start, i - start), " \t"));
      start = i + 1;
    }
  }
  return out;
}

// One Accept entry: "application/json;as=Table;v=v1;g=meta.k8s.io".
std::optional<ResponseForm> FormOf(std::string_view entry) {
  std::vector<std::string_view> parts = Split(entry, ';');
  std::string_view media = parts.empty() ? "" : parts[0];
  if (media != "application/json" && media != "*/*" && media != "application/*")
    return std::nullopt;
  std::string_view as, group, version;
  for (size_t i = 1; i < parts.size(); ++i) {
    size_t eq = parts[i].find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = Trim(parts[i].substr(0, eq), " \t"),
                     val = Trim(parts[i].substr(eq + 1), " \t");
    if (key == "as") as = val;
    if (key == "g") group = val;
    if (key == "v") version = val;
  }
  ResponseForm form;
  if (as.empty()) return form;
  if (as == "Table") {  // kubectl names meta.k8s.io v1 and v1beta1; both get v1's Table
    form.kind = ResponseForm::Kind::kTable;
    return form;
  }
  if ((as == "PartialObjectMetadata" || as == "PartialObjectMetadataList") &&
      group == "meta.k8s.io" && (version == "v1" || version == "v1beta1")) {
    form.kind = ResponseForm::Kind::kPartialMetadata;
    form.list = as == "PartialObjectMetadataList";
    form.version = std::string(version);
    return form;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ResponseForm> NegotiateForm(const std::string* accept) {
  if (accept == nullptr || Trim(*accept, " \t").empty()) return ResponseForm{};
  for (std::string_view entry : Split(*accept, ',')) {
    if (auto form = FormOf(entry)) return form;
  }
  return std::nullopt;
}

std::string PartialObjectMetadataJson(const boost::json::object& obj, std::string_view version) {
  std::string out = "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/";
  out += version;
  out += "\",\"metadata\":";
  const auto* meta = obj.if_contains("metadata");
  out += meta != nullptr ? boost::json::serialize(*meta) : std::string("{}");
  out += '}';
  return out;
}

}  // namespace kubepp::apiserver
