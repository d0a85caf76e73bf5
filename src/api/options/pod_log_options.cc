#include "api/options/pod_log_options.h"

#include <charconv>

#include "api/protobuf/well_known.h"
#include "api/resources/catalog.h"
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

StatusOr<std::optional<int64_t>> Int64(const QueryValues& query, std::string_view key) {
  auto v = FirstValue(query, key);
  if (!v) return std::optional<int64_t>();
  int64_t out = 0;
  const char* begin = v->data();
  const char* end = begin + v->size();
  // Go's ParseInt takes a leading '+', from_chars does not.
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec == std::errc::result_out_of_range) {
    return Status::BadRequest("strconv.ParseInt: parsing " + GoQuote(*v) + ": value out of range");
  }
  if (ec != std::errc() || ptr != end || v->empty()) {
    return Status::BadRequest("strconv.ParseInt: parsing " + GoQuote(*v) + ": invalid syntax");
  }
  return std::optional<int64_t>(out);
}

}  // namespace

std::optional<Clock::TimePoint> ParseRfc3339(std::string_view text) {
  int64_t seconds = 0;
  int32_t nanos = 0;
  if (!protobuf::ParseRfc3339(text, &seconds, &nanos)) return std::nullopt;
  return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::seconds(seconds) +
                                                                                std::chrono::nanoseconds(nanos)));
}

std::string FormatRfc3339(Clock::TimePoint t) {
  return protobuf::FormatRfc3339(std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count(), 0, 0);
}

StatusOr<PodLogOptions> DecodePodLogOptions(const QueryValues& query) {
  PodLogOptions out;
  out.container = FirstValue(query, "container").value_or("");
  out.follow = Bool(query, "follow");
  out.previous = Bool(query, "previous");
  out.timestamps = Bool(query, "timestamps");
  out.insecure_skip_tls_verify_backend = Bool(query, "insecureSkipTLSVerifyBackend");
  struct IntField {
    const char* key;
    std::optional<int64_t>* into;
  };
  for (const IntField& f : {IntField{"sinceSeconds", &out.since_seconds}, IntField{"tailLines", &out.tail_lines},
                            IntField{"limitBytes", &out.limit_bytes}}) {
    auto v = Int64(query, f.key);
    if (!v.ok()) return v.status();
    *f.into = *v;
  }
  if (auto since = FirstValue(query, "sinceTime"); since && !since->empty() && *since != "null") {
    auto t = ParseRfc3339(*since);
    if (!t) {
      return Status::BadRequest("parsing time " + GoQuote(*since) +
                                " as \"2006-01-02T15:04:05Z07:00\": cannot parse " + GoQuote(*since) +
                                " as \"2006\"");
    }
    out.since_time = *t;
  }
  return out;
}

std::vector<FieldError> ValidatePodLogOptions(const PodLogOptions& o) {
  using validation::FieldPath;
  std::vector<FieldError> errors;
  if (o.tail_lines && *o.tail_lines < 0) {
    errors.push_back(validation::InvalidInt(FieldPath("tailLines"), *o.tail_lines, std::string(validation::kIsNegative)));
  }
  if (o.limit_bytes && *o.limit_bytes < 1) {
    errors.push_back(validation::InvalidInt(FieldPath("limitBytes"), *o.limit_bytes, "must be greater than 0"));
  }
  if (o.since_seconds && o.since_time) {
    errors.push_back(
        validation::Forbidden(FieldPath(""), "at most one of `sinceTime` or `sinceSeconds` may be specified"));
  } else if (o.since_seconds && *o.since_seconds < 1) {
    errors.push_back(validation::InvalidInt(FieldPath("sinceSeconds"), *o.since_seconds, "must be greater than 0"));
  }
  return errors;
}

Status InvalidPodLogOptions(const std::string& pod_name, const std::vector<FieldError>& errors) {
  ResourceInfo kind;
  kind.kind = "PodLogOptions";
  return InvalidStatus(kind, pod_name, errors);
}

std::string KubeletLogQuery(const PodLogOptions& o) {
  QueryValues q;
  if (o.follow) q.emplace_back("follow", "true");
  if (o.previous) q.emplace_back("previous", "true");
  if (o.timestamps) q.emplace_back("timestamps", "true");
  if (o.since_seconds) q.emplace_back("sinceSeconds", std::to_string(*o.since_seconds));
  if (o.since_time) q.emplace_back("sinceTime", FormatRfc3339(*o.since_time));
  if (o.tail_lines) q.emplace_back("tailLines", std::to_string(*o.tail_lines));
  if (o.limit_bytes) q.emplace_back("limitBytes", std::to_string(*o.limit_bytes));
  return EncodeQuery(q);
}

}  // namespace kubepp::api
