// Cron schedule syntax as CronJobs accept it (robfig/cron v3 ParseStandard:
// five fields or a descriptor such as @hourly), returning the parser's error
// text, which upstream puts verbatim into the field error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubepp::api::validation {

// nullopt when `spec` parses; otherwise the parse error.
std::optional<std::string> CheckCronSchedule(std::string_view spec);

}  // namespace kubepp::api::validation
