// HumanDuration: the short ages `kubectl get` shows ("45s", "5m10s", "3h4m",
// "2d3h", "400d", "3y120d"), with upstream's duration.HumanDuration rules:
// about two significant figures, seconds under 2m, minutes+seconds under 10m,
// minutes under 3h, hours+minutes under 8h, hours under 48h, days+hours under
// 8d, days under 2y, years+days under 8y, then years. A duration a little
// negative (clock skew of up to 1s) prints "0s"; more negative is "<invalid>".
#pragma once

#include <chrono>
#include <string>

namespace kubepp::api::printers {

std::string HumanDuration(std::chrono::microseconds d);

}  // namespace kubepp::api::printers
