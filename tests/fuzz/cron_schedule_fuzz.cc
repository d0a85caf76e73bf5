// Fuzzes CronJob schedules (spec.schedule arrives from any API client): Parse
// must refuse bad text with an error, and a parsed schedule's next activations
// must move strictly forward.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "controllers/cronjob/schedule.h"
#include "controllers/cronjob/time_zone.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using kubepp::controllers::cronjob::Schedule;
  using kubepp::controllers::cronjob::TimeZone;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto schedule = Schedule::Parse(text);
  if (!schedule.ok()) return 0;
  auto utc = TimeZone::Utc();
  kubepp::Clock::TimePoint t{std::chrono::seconds(1795000000)};  // late 2026
  for (int i = 0; i < 3; ++i) {
    auto next = schedule->Next(t, *utc);
    if (!next) break;
    if (*next <= t) std::abort();  // activations must move forward
    t = *next;
  }
  return 0;
}
