#include "controllers/cronjob/time_zone.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

namespace kubepp::controllers::cronjob {

namespace {

int64_t BigEndian(std::string_view data, size_t pos, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(data[pos + i]);
  if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

bool ValidName(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

// A POSIX TZ text cursor.
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool Done() const { return i >= s.size(); }
  char Peek() const { return Done() ? '\0' : s[i]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i;
    return true;
  }
  bool Name() {
    if (Eat('<')) {
      while (!Done() && s[i] != '>') ++i;
      return Eat('>');
    }
    size_t begin = i;
    while (!Done() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    return i - begin >= 3;
  }
  std::optional<int64_t> Number() {
    size_t begin = i;
    int64_t v = 0;
    while (!Done() && std::isdigit(static_cast<unsigned char>(s[i]))) v = v * 10 + (s[i++] - '0');
    if (i == begin) return std::nullopt;
    return v;
  }
  // [+-]hh[:mm[:ss]] in seconds.
  std::optional<int64_t> Hms() {
    int64_t sign = 1;
    if (Eat('-')) sign = -1;
    else Eat('+');
    auto h = Number();
    if (!h) return std::nullopt;
    int64_t total = *h * 3600;
    if (Eat(':')) {
      auto m = Number();
      if (!m) return std::nullopt;
      total += *m * 60;
      if (Eat(':')) {
        auto sec = Number();
        if (!sec) return std::nullopt;
        total += *sec;
      }
    }
    return sign * total;
  }
};

// Unix seconds of local midnight starting the day a Mm.w.d rule names, as if local were UTC.
int64_t RuleDay(int year, const TimeZone::Rule::When& w) {
  using namespace std::chrono;
  sys_days first = sys_days(std::chrono::year(year) / month(w.month) / day(1));
  unsigned first_wd = weekday(first).c_encoding();
  int d = (w.weekday - static_cast<int>(first_wd) + 7) % 7 + 1 + (w.week - 1) * 7;
  int last_day = static_cast<int>(static_cast<unsigned>(
      year_month_day_last(std::chrono::year(year) / month(w.month) / std::chrono::last).day()));
  while (d > last_day) d -= 7;
  sys_days target = first + days(d - 1);
  return duration_cast<seconds>(target.time_since_epoch()).count();
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::Utc() {
  static const std::shared_ptr<const TimeZone> kUtc = [] {
    auto tz = std::make_shared<TimeZone>();
    tz->name_ = "UTC";
    return std::shared_ptr<const TimeZone>(tz);
  }();
  return kUtc;
}

StatusOr<std::shared_ptr<const TimeZone>> TimeZone::Load(std::string_view name, std::string_view root) {
  if (name.empty() || name == "UTC") return Utc();
  if (!ValidName(name)) return Status::BadRequest("unknown time zone " + std::string(name));
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;
  std::string path = std::string(root) + "/" + std::string(name);
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(path); it != cache.end()) return it->second;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("unknown time zone " + std::string(name));
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto tz = FromTzif(name, data);
  if (!tz.ok()) return tz.status();
  std::lock_guard lock(mu);
  cache[path] = *tz;
  return *tz;
}

StatusOr<std::shared_ptr<const TimeZone>> TimeZone::FromTzif(std::string_view name, std::string_view data) {
  auto bad = [&] { return Status::BadRequest("unknown time zone " + std::string(name) + ": not a TZif file"); };
  if (data.size() < 44 || data.substr(0, 4) != "TZif") return bad();
  auto tz = std::make_shared<TimeZone>();
  tz->name_ = std::string(name);
  char version = data[4];
  size_t pos = 0;
  // Version 1 data uses 32-bit times; version 2+ repeats everything with 64-bit times after it.
  for (int pass = 0; pass < 2; ++pass) {
    const size_t time_size = pass == 0 ? 4 : 8;
    if (data.size() < pos + 44) return bad();
    int64_t isutcnt = BigEndian(data, pos + 20, 4), isstdcnt = BigEndian(data, pos + 24, 4),
            leapcnt = BigEndian(data, pos + 28, 4), timecnt = BigEndian(data, pos + 32, 4),
            typecnt = BigEndian(data, pos + 36, 4), charcnt = BigEndian(data, pos + 40, 4);
    size_t body = pos + 44;
    size_t size = timecnt * time_size + timecnt + typecnt * 6 + charcnt + leapcnt * (time_size + 4) + isstdcnt + isutcnt;
    if (data.size() < body + size || typecnt <= 0) return bad();
    if (pass == 0 && version >= '2') {
      pos = body + size;
      continue;
    }
    std::vector<int64_t> type_offsets;
    size_t types_at = body + timecnt * time_size + timecnt;
    for (int64_t t = 0; t < typecnt; ++t) type_offsets.push_back(BigEndian(data, types_at + t * 6, 4));
    tz->initial_offset_ = type_offsets[0];
    for (int64_t t = 0; t < timecnt; ++t) {
      tz->transitions_.push_back(BigEndian(data, body + t * time_size, time_size));
      size_t idx = static_cast<uint8_t>(data[body + timecnt * time_size + t]);
      if (idx >= type_offsets.size()) return bad();
      tz->offsets_.push_back(type_offsets[idx]);
    }
    if (pass == 1) {
      size_t footer = body + size;
      if (footer < data.size() && data[footer] == '\n') {
        size_t end = data.find('\n', footer + 1);
        if (end != std::string_view::npos) tz->footer_ = ParseRule(data.substr(footer + 1, end - footer - 1));
      }
    }
    break;
  }
  return std::shared_ptr<const TimeZone>(tz);
}

std::optional<TimeZone::Rule> TimeZone::ParseRule(std::string_view text) {
  Cursor c{text};
  Rule r;
  if (!c.Name()) return std::nullopt;
  auto std_off = c.Hms();
  if (!std_off) return std::nullopt;
  r.std_offset = -*std_off;  // POSIX offsets count west of UTC
  if (c.Done()) return r;
  if (!c.Name()) return std::nullopt;
  r.dst_offset = r.std_offset + 3600;
  if (c.Peek() != ',' && !c.Done()) {
    auto dst = c.Hms();
    if (!dst) return std::nullopt;
    r.dst_offset = -*dst;
  }
  for (Rule::When* w : {&r.start, &r.end}) {
    if (!c.Eat(',') || !c.Eat('M')) return std::nullopt;  // only the Mm.w.d form is in use
    auto m = c.Number();
    if (!m || !c.Eat('.')) return std::nullopt;
    auto wk = c.Number();
    if (!wk || !c.Eat('.')) return std::nullopt;
    auto d = c.Number();
    if (!d || *m < 1 || *m > 12 || *wk < 1 || *wk > 5 || *d > 6) return std::nullopt;
    w->month = static_cast<int>(*m);
    w->week = static_cast<int>(*wk);
    w->weekday = static_cast<int>(*d);
    if (c.Eat('/')) {
      auto t = c.Hms();
      if (!t) return std::nullopt;
      w->time = *t;
    }
  }
  return r;
}

int64_t TimeZone::RuleOffsetAt(const Rule& rule, int64_t unix_seconds) {
  if (!rule.dst_offset) return rule.std_offset;
  using namespace std::chrono;
  int year = static_cast<int>(year_month_day(floor<days>(sys_seconds(seconds(unix_seconds + rule.std_offset)))).year());
  int64_t start = RuleDay(year, rule.start) + rule.start.time - rule.std_offset;
  int64_t end = RuleDay(year, rule.end) + rule.end.time - *rule.dst_offset;
  bool dst = start < end ? (unix_seconds >= start && unix_seconds < end) : !(unix_seconds >= end && unix_seconds < start);
  return dst ? *rule.dst_offset : rule.std_offset;
}

int64_t TimeZone::OffsetAt(int64_t unix_seconds) const {
  if (transitions_.empty() || unix_seconds >= transitions_.back()) {
    if (footer_) return RuleOffsetAt(*footer_, unix_seconds);
    return transitions_.empty() ? initial_offset_ : offsets_.back();
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

}  // namespace kubepp::controllers::cronjob
