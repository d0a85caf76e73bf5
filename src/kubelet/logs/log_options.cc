#include "kubelet/logs/log_options.h"

namespace kubepp::kubelet::logs {

LogOptions LogOptionsFrom(const api::PodLogOptions& o, Clock::TimePoint now) {
  LogOptions out;
  out.follow = o.follow;
  out.timestamps = o.timestamps;
  if (o.tail_lines) out.tail = *o.tail_lines;
  if (o.limit_bytes) out.bytes = *o.limit_bytes;
  if (o.since_seconds) out.since = now - std::chrono::seconds(*o.since_seconds);
  if (o.since_time && (!out.since || *o.since_time > *out.since)) out.since = *o.since_time;
  return out;
}

}  // namespace kubepp::kubelet::logs
