#include "api/options/pod_stream_options.h"

#include <charconv>

#include "api/validation/field_errors.h"
#include "base/go_quote.h"

namespace kubepp::api {
namespace {

bool Bool(const QueryValues& query, std::string_view key) {
  auto v = FirstValue(query, key);
  if (!v) return false;
  std::string lower = *v;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return !(lower == "0" || lower == "false");
}

PodStreamOptions DecodeCommon(const QueryValues& query) {
  PodStreamOptions out;
  out.container = FirstValue(query, "container").value_or("");
  out.input = Bool(query, "stdin");
  out.output = Bool(query, "stdout");
  out.error = Bool(query, "stderr");
  out.tty = Bool(query, "tty");
  return out;
}

}  // namespace

PodStreamOptions DecodePodExecOptions(const QueryValues& query) {
  PodStreamOptions out = DecodeCommon(query);
  out.command = AllValues(query, "command");
  return out;
}

PodStreamOptions DecodePodAttachOptions(const QueryValues& query) { return DecodeCommon(query); }

StatusOr<std::vector<int32_t>> DecodePortForwardPorts(const QueryValues& query) {
  std::vector<int32_t> out;
  for (const auto& value : AllValues(query, "ports")) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string_view part(value.data() + start, comma - start);
      unsigned port = 0;
      auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), port);
      if (part.empty() || ec == std::errc::invalid_argument || ptr != part.data() + part.size()) {
        return Status::BadRequest("cannot convert to []int32: strconv.ParseUint: parsing " +
                                  GoQuote(part) + ": invalid syntax");
      }
      if (ec == std::errc::result_out_of_range || port > 65535) {
        return Status::BadRequest("cannot convert to []int32: strconv.ParseUint: parsing " +
                                  GoQuote(part) + ": value out of range");
      }
      out.push_back(static_cast<int32_t>(port));
      start = comma + 1;
    }
  }
  return out;
}

std::string KubeletStreamQuery(const PodStreamOptions& o) {
  QueryValues q;
  if (o.input) q.emplace_back("input", "1");
  if (o.output) q.emplace_back("output", "1");
  if (o.error) q.emplace_back("error", "1");
  if (o.tty) q.emplace_back("tty", "1");
  for (const auto& c : o.command) q.emplace_back("command", c);
  return EncodeQuery(q);
}

std::string KubeletPortForwardQuery(const std::vector<int32_t>& ports) {
  if (ports.empty()) return "";
  std::string joined;
  for (size_t i = 0; i < ports.size(); ++i) joined += (i ? "," : "") + std::to_string(ports[i]);
  return EncodeQuery({{"port", joined}});
}

}  // namespace kubepp::api
