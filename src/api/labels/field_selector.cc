// FieldSelector: upstream's fields.ParseSelector. Terms are split on commas
// not escaped by a backslash, sorted, each split at its first operator ("!=",
// then "==", then "="), and the value unescaped (\\ \, \=).
#include <algorithm>

#include "api/labels/selector.h"

namespace kubepp::api {
namespace {

// Length of the UTF-8 sequence starting at s[i] (1 for a stray byte), so that
// an escape error names the whole character as upstream's rune loop does.
size_t CharLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  return std::min(n, s.size() - i);
}

std::vector<std::string_view> SplitTerms(std::string_view s) {
  std::vector<std::string_view> terms;
  if (s.empty()) return terms;
  size_t start = 0;
  bool in_slash = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (in_slash) {
      in_slash = false;
    } else if (s[i] == '\\') {
      in_slash = true;
    } else if (s[i] == ',') {
      terms.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(s.substr(start));
  return terms;
}

StatusOr<std::string> UnescapeValue(std::string_view s) {
  if (s.find_first_of("\\,=") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '\\') {
      if (i + 1 == s.size()) {
        return Status::BadRequest("invalid field selector: invalid escape sequence: \\");
      }
      char e = s[i + 1];
      if (e != '\\' && e != ',' && e != '=') {
        return Status::BadRequest("invalid field selector: invalid escape sequence: \\" +
                                  std::string(s.substr(i + 1, CharLength(s, i + 1))));
      }
      out += e;
      i += 2;
      continue;
    }
    if (c == ',' || c == '=') {
      // Upstream prints the rune as a number ("61" for '=').
      return Status::BadRequest("invalid field selector: unescaped character in value: " +
                                std::to_string(static_cast<int>(c)));
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace

std::string EscapeFieldSelectorValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=') out += '\\';
    out += c;
  }
  return out;
}

StatusOr<FieldSelector> FieldSelector::Parse(std::string_view text) {
  std::vector<std::string_view> parts = SplitTerms(text);
  std::sort(parts.begin(), parts.end());
  FieldSelector selector;
  for (std::string_view part : parts) {
    if (part.empty()) continue;
    size_t at = std::string_view::npos;
    size_t op_len = 0;
    bool equals = true;
    for (size_t i = 0; i < part.size() && at == std::string_view::npos; ++i) {
      std::string_view rest = part.substr(i);
      if (rest.starts_with("!=")) {
        at = i, op_len = 2, equals = false;
      } else if (rest.starts_with("==")) {
        at = i, op_len = 2;
      } else if (rest.starts_with("=")) {
        at = i, op_len = 1;
      }
    }
    if (at == std::string_view::npos) {
      return Status::BadRequest("invalid selector: '" + std::string(text) + "'; can't understand '" +
                                std::string(part) + "'");
    }
    StatusOr<std::string> value = UnescapeValue(part.substr(at + op_len));
    if (!value.ok()) return value.status();
    FieldRequirement r{std::string(part.substr(0, at)), equals, std::move(value).value()};
    // A term with neither field nor value ("=") selects everything; upstream drops it.
    if (r.field.empty() && r.value.empty()) continue;
    selector.requirements_.push_back(std::move(r));
  }
  return selector;
}

bool FieldSelector::Matches(const std::map<std::string, std::string, std::less<>>& fields) const {
  static const std::string kEmpty;
  for (const FieldRequirement& r : requirements_) {
    auto it = fields.find(r.field);
    const std::string& have = it == fields.end() ? kEmpty : it->second;
    if ((have == r.value) != r.equals) return false;
  }
  return true;
}

std::string FieldSelector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0) out += ',';
    out += requirements_[i].field;
    out += requirements_[i].equals ? "=" : "!=";
    out += EscapeFieldSelectorValue(requirements_[i].value);
  }
  return out;
}

const std::string* FieldSelector::RequiresExactMatch(std::string_view field) const {
  for (const FieldRequirement& r : requirements_) {
    if (r.equals && r.field == field) return &r.value;
  }
  return nullptr;
}

}  // namespace kubepp::api
