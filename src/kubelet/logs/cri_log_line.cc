#include "kubelet/logs/cri_log_line.h"

#include <ctime>

namespace kubepp::kubelet::logs {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Clock::TimePoint LogTimestamp::ToTimePoint() const {
  return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(
      std::chrono::seconds(unix_seconds) + std::chrono::nanoseconds(nanos)));
}

std::string LogTimestamp::FormatFixed() const {
  std::time_t local = static_cast<std::time_t>(unix_seconds + offset_seconds);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nanos);
  std::string out = buf;
  if (offset_seconds == 0) {
    out += 'Z';
  } else {
    int off = offset_seconds < 0 ? -offset_seconds : offset_seconds;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_seconds < 0 ? '-' : '+', off / 3600, (off / 60) % 60);
    out += buf;
  }
  return out;
}

StatusOr<LogTimestamp> ParseLogTimestamp(std::string_view s) {
  auto bad = [&] {
    return Status::BadRequest("unexpected timestamp format \"2006-01-02T15:04:05.999999999Z07:00\": \"" +
                              std::string(s) + "\"");
  };
  int year, mon, day, hour, min, sec;
  if (s.size() < 20 || !Digits(s, 0, 4, &year) || s[4] != '-' || !Digits(s, 5, 2, &mon) || s[7] != '-' ||
      !Digits(s, 8, 2, &day) || s[10] != 'T' || !Digits(s, 11, 2, &hour) || s[13] != ':' ||
      !Digits(s, 14, 2, &min) || s[16] != ':' || !Digits(s, 17, 2, &sec)) {
    return bad();
  }
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return bad();
  LogTimestamp ts;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    size_t first = ++pos;
    int32_t scale = 100000000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - first >= 9) return bad();
      ts.nanos += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == first) return bad();
  }
  if (pos + 1 == s.size() && s[pos] == 'Z') {
    ts.offset_seconds = 0;
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59) return bad();
    ts.offset_seconds = (s[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  } else {
    return bad();
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  ts.unix_seconds = static_cast<int64_t>(timegm(&tm)) - ts.offset_seconds;
  return ts;
}

StatusOr<CriLogLine> ParseCriLogLine(std::string_view line) {
  CriLogLine out;
  size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return Status::BadRequest("timestamp is not found");
  auto ts = ParseLogTimestamp(line.substr(0, sp));
  if (!ts.ok()) return ts.status();
  out.timestamp = *ts;
  line.remove_prefix(sp + 1);
  sp = line.find(' ');
  if (sp == std::string_view::npos) return Status::BadRequest("stream type is not found");
  std::string_view stream = line.substr(0, sp);
  if (stream == "stdout") {
    out.stream = LogStream::kStdout;
  } else if (stream == "stderr") {
    out.stream = LogStream::kStderr;
  } else {
    return Status::BadRequest("unexpected stream type \"" + std::string(stream) + "\"");
  }
  line.remove_prefix(sp + 1);
  sp = line.find(' ');
  if (sp == std::string_view::npos) return Status::BadRequest("log tag is not found");
  std::string_view tag = line.substr(0, sp);
  // Later tag parts (after ':') are reserved; only the first one means something now.
  out.partial = tag.substr(0, tag.find(':')) == "P";
  out.content = line.substr(sp + 1);
  if (out.partial && !out.content.empty() && out.content.back() == '\n') out.content.remove_suffix(1);
  return out;
}

}  // namespace kubepp::kubelet::logs
