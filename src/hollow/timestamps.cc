#include "hollow/timestamps.h"

#include "api/protobuf/well_known.h"

namespace kubepp::hollow {
namespace {

std::string Format(Clock::TimePoint t, int digits) {
  auto since = t.time_since_epoch();
  auto seconds = std::chrono::floor<std::chrono::seconds>(since);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since - seconds);
  return api::protobuf::FormatRfc3339(seconds.count(), static_cast<int32_t>(nanos.count()), digits);
}

}  // namespace

std::string TimeText(Clock::TimePoint t) { return Format(t, 0); }
std::string MicroTimeText(Clock::TimePoint t) { return Format(t, 6); }

std::optional<Clock::TimePoint> ParseTime(std::string_view text) {
  int64_t seconds = 0;
  int32_t nanos = 0;
  if (!api::protobuf::ParseRfc3339(text, &seconds, &nanos)) return std::nullopt;
  return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(
      std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos)));
}

}  // namespace kubepp::hollow
