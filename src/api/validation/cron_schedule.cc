#include "api/validation/cron_schedule.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace kubepp::api::validation {
namespace {

struct Bounds {
  unsigned min, max;
  const std::map<std::string, unsigned>* names;
};

const std::map<std::string, unsigned> kMonths = {{"jan", 1}, {"feb", 2},  {"mar", 3},  {"apr", 4},
                                                 {"may", 5}, {"jun", 6},  {"jul", 7},  {"aug", 8},
                                                 {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12}};
const std::map<std::string, unsigned> kDays = {{"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3},
                                               {"thu", 4}, {"fri", 5}, {"sat", 6}};

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(
        s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::vector<std::string> Fields(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

// Go's strconv.Atoi plus robfig's messages around it.
std::optional<std::string> ParseInt(const std::string& expr, long long* out) {
  std::string digits = expr;
  bool neg = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    neg = digits[0] == '-';
    digits = digits.substr(1);
  }
  bool ok = !digits.empty() && digits.size() < 19 &&
            std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!ok) {
    std::string reason =
        digits.size() >= 19 && std::all_of(digits.begin(), digits.end(),
                                           [](char c) { return c >= '0' && c <= '9'; })
            ? "value out of range"
            : "invalid syntax";
    return "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr +
           "\": " + reason;
  }
  long long n = std::stoll(digits);
  if (neg) n = -n;
  if (n < 0) return "negative number (" + std::to_string(n) + ") not allowed: " + expr;
  *out = n;
  return std::nullopt;
}

std::optional<std::string> ParseIntOrName(const std::string& expr, const Bounds& b,
                                          long long* out) {
  if (b.names) {
    std::string lower = expr;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    auto it = b.names->find(lower);
    if (it != b.names->end()) {
      *out = it->second;
      return std::nullopt;
    }
  }
  return ParseInt(expr, out);
}

std::optional<std::string> CheckRange(const std::string& expr, const Bounds& b) {
  auto range_and_step = Split(expr, '/');
  auto low_high = Split(range_and_step[0], '-');
  bool single = low_high.size() == 1;
  long long start = 0, end = 0, step = 1;
  if (low_high[0] == "*" || low_high[0] == "?") {
    start = b.min;
    end = b.max;
  } else {
    if (auto e = ParseIntOrName(low_high[0], b, &start)) return e;
    if (low_high.size() == 1) {
      end = start;
    } else if (low_high.size() == 2) {
      if (auto e = ParseIntOrName(low_high[1], b, &end)) return e;
    } else {
      return "too many hyphens: " + expr;
    }
  }
  if (range_and_step.size() == 2) {
    if (auto e = ParseInt(range_and_step[1], &step)) return e;
    if (single) end = b.max;
  } else if (range_and_step.size() > 2) {
    return "too many slashes: " + expr;
  }
  if (start < b.min) {
    return "beginning of range (" + std::to_string(start) + ") below minimum (" +
           std::to_string(b.min) + "): " + expr;
  }
  if (end > b.max) {
    return "end of range (" + std::to_string(end) + ") above maximum (" + std::to_string(b.max) +
           "): " + expr;
  }
  if (start > end) {
    return "beginning of range (" + std::to_string(start) + ") beyond end of range (" +
           std::to_string(end) + "): " + expr;
  }
  if (step == 0) return "step of range should be a positive number: " + expr;
  return std::nullopt;
}

// Go's time.ParseDuration, enough to accept what it accepts ("1h30m", "90s").
bool IsGoDuration(std::string_view s) {
  if (s.empty()) return false;
  if (s[0] == '+' || s[0] == '-') s.remove_prefix(1);
  if (s == "0") return true;
  if (s.empty()) return false;
  while (!s.empty()) {
    size_t i = 0;
    bool digits = false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, digits = true;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, digits = true;
    }
    if (!digits) return false;
    s.remove_prefix(i);
    bool matched = false;
    for (const auto& u :
         {std::string("ns"), std::string("us"), std::string("\xc2\xb5s"), std::string("\xce\xbcs"),
          std::string("ms"), std::string("s"), std::string("m"), std::string("h")}) {
      if (s.starts_with(u) && !(u == "m" && s.starts_with("ms"))) {
        s.remove_prefix(u.size());
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> CheckCronSchedule(std::string_view spec) {
  if (spec.empty()) return "empty spec string";
  std::string s(spec);
  if (s.starts_with("TZ=") || s.starts_with("CRON_TZ=")) {
    size_t sp = s.find(' ');
    if (sp == std::string::npos)
      return "provided bad location " + s.substr(s.find('=') + 1) + ": unknown time zone";
    s = s.substr(sp);
    size_t first = s.find_first_not_of(" \t");
    s = first == std::string::npos ? "" : s.substr(first);
  }
  if (s.starts_with("@")) {
    static const std::vector<std::string> kDescriptors = {
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"};
    if (std::find(kDescriptors.begin(), kDescriptors.end(), s) != kDescriptors.end())
      return std::nullopt;
    if (s.starts_with("@every ")) {
      std::string d = s.substr(7);
      if (IsGoDuration(d)) return std::nullopt;
      return "failed to parse duration " + s + ": time: invalid duration \"" + d + "\"";
    }
    return "unrecognized descriptor: " + s;
  }
  std::vector<std::string> fields = Fields(s);
  if (fields.size() != 5) {
    std::string list = "[";
    for (size_t i = 0; i < fields.size(); ++i) list += (i ? " " : "") + fields[i];
    list += "]";
    return "expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " + list;
  }
  const Bounds bounds[5] = {
      {0, 59, nullptr}, {0, 23, nullptr}, {1, 31, nullptr}, {1, 12, &kMonths}, {0, 6, &kDays}};
  for (int i = 0; i < 5; ++i) {
    for (const auto& part : Split(fields[i], ',')) {
      if (auto e = CheckRange(part, bounds[i])) return e;
    }
  }
  return std::nullopt;
}

}  // namespace kubepp::api::validation
