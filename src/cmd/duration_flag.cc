#include "cmd/duration_flag.h"

#include <cstdint>

#include "api/protobuf/well_known.h"

namespace kubepp::cmd {

StatusOr<std::chrono::seconds> ParseDurationFlag(const std::string& flag, const std::string& text) {
  constexpr int64_t kNanosPerSecond = 1000000000;
  int64_t nanos = 0;
  bool digits_only = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits_only && text.size() <= 9) {
    // Bare seconds, for scripts written against the older integer form.
    nanos = std::stoll(text) * kNanosPerSecond;
  } else if (digits_only || !api::protobuf::ParseGoDuration(text, &nanos)) {
    return Status::Invalid("--" + flag + ": invalid duration \"" + text + "\" (want e.g. 40s, 1m30s or 40)");
  }
  if (nanos < 0) return Status::Invalid("--" + flag + ": must not be negative");
  return std::chrono::seconds((nanos + kNanosPerSecond - 1) / kNanosPerSecond);
}

std::string FormatDurationFlag(std::chrono::seconds value) { return std::to_string(value.count()) + "s"; }

}  // namespace kubepp::cmd
