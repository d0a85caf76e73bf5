#include "controllers/cronjob/schedule.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <vector>

namespace kubepp::controllers::cronjob {

namespace {

constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

struct Bounds {
  int min, max;
  const char* const* names;  // nullptr: numbers only
  int name_base;
  int name_count;
};

StatusOr<int> Value(std::string_view text, const Bounds& b) {
  if (b.names != nullptr) {
    std::string l = Lower(text);
    for (int i = 0; i < b.name_count; ++i) {
      if (l == b.names[i]) return b.name_base + i;
    }
  }
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) {
    return Status::BadRequest("failed to parse int from " + std::string(text));
  }
  return v;
}

// One field into `bits`; sets `star` for a bare "*" or "?".
template <size_t N>
Status ParseField(std::string_view field, const Bounds& b, std::bitset<N>& bits, bool& star) {
  for (std::string_view part : Split(field, ',')) {
    std::vector<std::string_view> range_step = Split(part, '/');
    if (range_step.size() > 2) return Status::BadRequest("too many slashes: " + std::string(part));
    std::vector<std::string_view> lo_hi = Split(range_step[0], '-');
    if (lo_hi.size() > 2) return Status::BadRequest("too many hyphens: " + std::string(part));
    int start = 0, end = 0, step = 1;
    bool part_star = false;
    if (lo_hi[0] == "*" || lo_hi[0] == "?") {
      if (lo_hi.size() != 1) return Status::BadRequest("too many hyphens: " + std::string(part));
      start = b.min;
      end = b.max;
      part_star = true;
    } else {
      auto s = Value(lo_hi[0], b);
      if (!s.ok()) return s.status();
      start = end = *s;
      if (lo_hi.size() == 2) {
        auto e = Value(lo_hi[1], b);
        if (!e.ok()) return e.status();
        end = *e;
      }
    }
    if (range_step.size() == 2) {
      auto st = Value(range_step[1], Bounds{0, 0, nullptr, 0, 0});
      if (!st.ok()) return st.status();
      step = *st;
      if (step <= 0) return Status::BadRequest("step of range should be a positive number: " + std::string(part));
      if (lo_hi.size() == 1 && !part_star) end = b.max;  // "5/15" is "5-max/15"
      if (step > 1) part_star = false;
    }
    if (start < b.min) {
      return Status::BadRequest("beginning of range (" + std::to_string(start) + ") below minimum (" +
                                std::to_string(b.min) + "): " + std::string(part));
    }
    if (end > b.max) {
      return Status::BadRequest("end of range (" + std::to_string(end) + ") above maximum (" + std::to_string(b.max) +
                                "): " + std::string(part));
    }
    if (start > end) {
      return Status::BadRequest("beginning of range (" + std::to_string(start) + ") beyond end of range (" +
                                std::to_string(end) + "): " + std::string(part));
    }
    for (int v = start; v <= end; v += step) bits.set(static_cast<size_t>(v));
    star = star || part_star;
  }
  return Status::Ok();
}

// Go's time.ParseDuration for the units @every takes (h, m, s, ms). Like Go,
// a number is digits with at most one '.', and a total beyond what int64
// nanoseconds hold (about 292 years) is an error, never a wrapped value.
std::optional<std::chrono::seconds> ParseEvery(std::string_view s) {
  if (s.empty()) return std::nullopt;
  constexpr double kMaxSeconds = 9223372036.0;  // INT64_MAX nanoseconds
  double total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t begin = i;
    int dots = 0, digits = 0;
    for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'); ++i) {
      if (s[i] == '.') ++dots;
      else ++digits;
    }
    if (digits == 0 || dots > 1) return std::nullopt;
    double v = std::strtod(std::string(s.substr(begin, i - begin)).c_str(), nullptr);
    size_t ubegin = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string_view unit = s.substr(ubegin, i - ubegin);
    if (unit == "h") total += v * 3600;
    else if (unit == "m") total += v * 60;
    else if (unit == "s") total += v;
    else if (unit == "ms") total += v / 1000;
    else return std::nullopt;
    if (!(total <= kMaxSeconds)) return std::nullopt;
  }
  // Upstream's every-schedule rounds down to whole seconds, at least one.
  return std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(total)));
}

}  // namespace

StatusOr<Schedule> Schedule::Parse(std::string_view spec) {
  std::string text(spec);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t lead = text.find_first_not_of(" \t");
  text = lead == std::string::npos ? std::string() : text.substr(lead);
  if (text.empty()) return Status::BadRequest("empty spec string");
  if (text[0] == '@') {
    static const std::pair<const char*, const char*> kDescriptors[] = {
        {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
        {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
        {"@hourly", "0 * * * *"}};
    for (const auto& [name, expansion] : kDescriptors) {
      if (text == name) return Parse(expansion);
    }
    if (text.rfind("@every ", 0) == 0) {
      auto d = ParseEvery(text.substr(7));
      if (!d) return Status::BadRequest("failed to parse duration " + text);
      Schedule s;
      s.every_ = *d;
      return s;
    }
    return Status::BadRequest("unrecognized descriptor: " + text);
  }
  std::vector<std::string> fields;
  for (size_t i = 0; i < text.size();) {
    size_t j = text.find_first_of(" \t", i);
    if (j == std::string::npos) j = text.size();
    if (j > i) fields.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  if (fields.size() != 5) {
    return Status::BadRequest("expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " + text);
  }
  Schedule s;
  bool ignored = false;
  Status st;
  if (!(st = ParseField(fields[0], Bounds{0, 59, nullptr, 0, 0}, s.minute_, ignored)).ok()) return st;
  if (!(st = ParseField(fields[1], Bounds{0, 23, nullptr, 0, 0}, s.hour_, ignored)).ok()) return st;
  if (!(st = ParseField(fields[2], Bounds{1, 31, nullptr, 0, 0}, s.dom_, s.dom_star_)).ok()) return st;
  if (!(st = ParseField(fields[3], Bounds{1, 12, kMonths, 1, 12}, s.month_, ignored)).ok()) return st;
  if (!(st = ParseField(fields[4], Bounds{0, 6, kDays, 0, 7}, s.dow_, s.dow_star_)).ok()) return st;
  return s;
}

std::optional<Clock::TimePoint> Schedule::Next(Clock::TimePoint after, const TimeZone& tz) const {
  using namespace std::chrono;
  if (every_) {
    // Whole seconds after `after`, as upstream's constant-delay schedule.
    auto base = floor<seconds>(after);
    // A time past what the clock can count (year 2262) never comes.
    if (base.time_since_epoch().count() > duration_cast<seconds>(Clock::Duration::max()).count() - every_->count()) {
      return std::nullopt;
    }
    return Clock::TimePoint(base + *every_);
  }
  const int64_t after_unix = duration_cast<seconds>(after.time_since_epoch()).count();
  // Walk local wall-clock minutes (as if local time were UTC), then map back.
  int64_t local = after_unix + tz.OffsetAt(after_unix);
  local = (local / 60 + 1) * 60;
  if (local < 0) return std::nullopt;
  const int64_t limit = local + int64_t{5} * 366 * 86400;
  while (local < limit) {
    sys_seconds t{seconds(local)};
    sys_days day = floor<days>(t);
    year_month_day ymd(day);
    int64_t sod = local - duration_cast<seconds>(day.time_since_epoch()).count();
    int hour = static_cast<int>(sod / 3600), minute = static_cast<int>(sod % 3600 / 60);
    unsigned mon = static_cast<unsigned>(ymd.month());
    if (!month_[mon]) {
      year_month next = year_month(ymd.year(), ymd.month()) + months(1);
      local = duration_cast<seconds>(sys_days(next / 1).time_since_epoch()).count();
      continue;
    }
    bool dom = dom_[static_cast<unsigned>(ymd.day())];
    bool dow = dow_[weekday(day).c_encoding()];
    bool day_ok = (dom_star_ || dow_star_) ? (dom && dow) : (dom || dow);
    if (!day_ok) {
      local = duration_cast<seconds>((day + days(1)).time_since_epoch()).count();
      continue;
    }
    if (!hour_[hour]) {
      local = (local / 3600 + 1) * 3600;
      continue;
    }
    if (!minute_[minute]) {
      local += 60;
      continue;
    }
    // Local -> UTC: an offset is right when it is the one in force at the result.
    std::optional<int64_t> best;
    for (int64_t probe : {local - 86400, local + 86400}) {
      int64_t off = tz.OffsetAt(probe);
      int64_t u = local - off;
      if (tz.OffsetAt(u) == off && u > after_unix && (!best || u < *best)) best = u;
    }
    if (best) return Clock::TimePoint(duration_cast<Clock::Duration>(seconds(*best)));
    local += 60;  // skipped by a DST change (or already passed in a repeated hour)
  }
  return std::nullopt;
}

}  // namespace kubepp::controllers::cronjob
