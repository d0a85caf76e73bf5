#include "api/printers/jsonpath.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "base/strings.h"

namespace kubepp::api::printers {
namespace {

using boost::json::value;
using Values = std::vector<const value*>;

// One comparison inside a filter: "@.a.b == 'x'" or a bare "@.a" (exists).
struct Filter {
  std::string path;  // relative to the element, starting with "."
  std::string op;    // "", "==", "!=", "<", ">", "<=", ">="
  bool literal_is_string = true;
  std::string literal;
  double number = 0;
};

struct Step {
  enum Kind { kField, kWildcard, kIndex, kSlice, kFilter, kRecursive } kind;
  std::string name;                // kField
  long long index = 0;             // kIndex
  std::optional<long long> start;  // kSlice
  std::optional<long long> end;    // kSlice
  Filter filter;                   // kFilter
};

bool IsNameChar(char c) { return c != '.' && c != '[' && c != ']' && c != ' '; }

std::optional<long long> ParseInt(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
  if (i == s.size()) return std::nullopt;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return std::nullopt;
  }
  return std::strtoll(std::string(s).c_str(), nullptr, 10);
}

std::optional<Filter> ParseFilter(std::string_view body) {
  body = Trim(body, " ");
  if (body.empty() || body[0] != '@') return std::nullopt;
  Filter f;
  static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
  size_t op_pos = std::string_view::npos;
  std::string_view op;
  for (std::string_view candidate : kOps) {
    // Skip operators inside quoted literals by searching before any quote.
    size_t quote = body.find_first_of("'\"");
    size_t p = body.find(candidate);
    if (p != std::string_view::npos && (quote == std::string_view::npos || p < quote) &&
        (op_pos == std::string_view::npos || p < op_pos)) {
      op_pos = p;
      op = candidate;
    }
  }
  std::string_view lhs =
      Trim(body.substr(0, op_pos == std::string_view::npos ? body.size() : op_pos), " ");
  f.path = std::string(lhs.substr(1));  // drop '@'
  if (op_pos == std::string_view::npos) return f;
  f.op = std::string(op);
  std::string_view rhs = Trim(body.substr(op_pos + op.size()), " ");
  if (rhs.size() >= 2 && (rhs.front() == '\'' || rhs.front() == '"') && rhs.back() == rhs.front()) {
    f.literal = std::string(rhs.substr(1, rhs.size() - 2));
    return f;
  }
  char* end = nullptr;
  std::string text(rhs);
  f.number = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return std::nullopt;
  f.literal_is_string = false;
  f.literal = text;
  return f;
}

std::optional<std::vector<Step>> Parse(std::string_view path) {
  path = Trim(path, " ");
  if (path.size() >= 2 && path.front() == '{' && path.back() == '}') {
    path = Trim(path.substr(1, path.size() - 2), " ");
  }
  if (!path.empty() && path[0] == '$') path.remove_prefix(1);
  std::vector<Step> steps;
  size_t i = 0;
  while (i < path.size()) {
    if (path.substr(i, 2) == "..") {
      steps.push_back({Step::kRecursive});
      i += 1;  // the second '.' starts the next field
      if (i + 1 < path.size() && path[i + 1] == '[') ++i;
      continue;
    }
    if (path[i] == '.') {
      ++i;
      if (i < path.size() && path[i] == '*') {
        steps.push_back({Step::kWildcard});
        ++i;
        continue;
      }
      size_t start = i;
      while (i < path.size() && IsNameChar(path[i])) ++i;
      if (i > start) steps.push_back({Step::kField, std::string(path.substr(start, i - start))});
      continue;
    }
    if (path[i] != '[') return std::nullopt;
    // Find the matching ']' outside quotes and parentheses.
    size_t j = i + 1;
    int depth = 0;
    char quote = 0;
    for (; j < path.size(); ++j) {
      const char c = path[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      } else if (c == ']' && depth == 0) {
        break;
      }
    }
    if (j >= path.size()) return std::nullopt;
    std::string_view inner = Trim(path.substr(i + 1, j - i - 1), " ");
    i = j + 1;
    if (inner == "*") {
      steps.push_back({Step::kWildcard});
    } else if (inner.size() >= 3 && inner[0] == '?' && inner[1] == '(' && inner.back() == ')') {
      auto f = ParseFilter(inner.substr(2, inner.size() - 3));
      if (!f) return std::nullopt;
      Step s{Step::kFilter};
      s.filter = std::move(*f);
      steps.push_back(std::move(s));
    } else if (inner.size() >= 2 && (inner[0] == '\'' || inner[0] == '"') &&
               inner.back() == inner[0]) {
      steps.push_back({Step::kField, std::string(inner.substr(1, inner.size() - 2))});
    } else if (inner.find(':') != std::string_view::npos) {
      Step s{Step::kSlice};
      const size_t colon = inner.find(':');
      std::string_view a = Trim(inner.substr(0, colon), " ");
      std::string_view b = Trim(inner.substr(colon + 1), " ");
      if (b.find(':') != std::string_view::npos)
        b = Trim(b.substr(0, b.find(':')), " ");  // ignore step
      if (!a.empty() && !(s.start = ParseInt(a))) return std::nullopt;
      if (!b.empty() && !(s.end = ParseInt(b))) return std::nullopt;
      steps.push_back(std::move(s));
    } else if (auto n = ParseInt(inner)) {
      Step s{Step::kIndex};
      s.index = *n;
      steps.push_back(std::move(s));
    } else {
      return std::nullopt;
    }
  }
  return steps;
}

void Collect(const value& v, Values& out) {
  out.push_back(&v);
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) Collect(kv.value(), out);
  } else if (v.is_array()) {
    for (const value& e : v.get_array()) Collect(e, out);
  }
}

Values Apply(const std::vector<Step>& steps, size_t from, Values current);

bool Matches(const Filter& f, const value& element) {
  auto steps = Parse(f.path);
  if (!steps) return false;
  Values found = Apply(*steps, 0, {&element});
  if (f.op.empty()) return !found.empty();
  for (const value* v : found) {
    if (f.literal_is_string) {
      if (!v->is_string()) continue;
      const std::string_view s = v->get_string();
      if ((f.op == "==" && s == f.literal) || (f.op == "!=" && s != f.literal) ||
          (f.op == "<" && s < f.literal) || (f.op == ">" && s > f.literal) ||
          (f.op == "<=" && s <= f.literal) || (f.op == ">=" && s >= f.literal)) {
        return true;
      }
      continue;
    }
    double d;
    if (v->is_int64()) {
      d = static_cast<double>(v->get_int64());
    } else if (v->is_uint64()) {
      d = static_cast<double>(v->get_uint64());
    } else if (v->is_double()) {
      d = v->get_double();
    } else {
      continue;
    }
    if ((f.op == "==" && d == f.number) || (f.op == "!=" && d != f.number) ||
        (f.op == "<" && d < f.number) || (f.op == ">" && d > f.number) ||
        (f.op == "<=" && d <= f.number) || (f.op == ">=" && d >= f.number)) {
      return true;
    }
  }
  return false;
}

Values Apply(const std::vector<Step>& steps, size_t from, Values current) {
  for (size_t k = from; k < steps.size(); ++k) {
    const Step& step = steps[k];
    Values next;
    if (step.kind == Step::kRecursive) {
      Values all;
      for (const value* v : current) Collect(*v, all);
      current = std::move(all);
      continue;
    }
    for (const value* v : current) {
      switch (step.kind) {
        case Step::kField:
          if (v->is_object()) {
            if (auto it = v->get_object().find(step.name); it != v->get_object().end()) {
              next.push_back(&it->value());
            }
          }
          break;
        case Step::kWildcard:
          if (v->is_object()) {
            for (const auto& kv : v->get_object()) next.push_back(&kv.value());
          } else if (v->is_array()) {
            for (const value& e : v->get_array()) next.push_back(&e);
          }
          break;
        case Step::kIndex:
          if (v->is_array()) {
            const long long n = static_cast<long long>(v->get_array().size());
            const long long idx = step.index < 0 ? step.index + n : step.index;
            if (idx >= 0 && idx < n) next.push_back(&v->get_array()[static_cast<size_t>(idx)]);
          }
          break;
        case Step::kSlice:
          if (v->is_array()) {
            const long long n = static_cast<long long>(v->get_array().size());
            long long a = step.start.value_or(0), b = step.end.value_or(n);
            if (a < 0) a += n;
            if (b < 0) b += n;
            a = std::max(0LL, std::min(a, n));
            b = std::max(0LL, std::min(b, n));
            for (long long idx = a; idx < b; ++idx)
              next.push_back(&v->get_array()[static_cast<size_t>(idx)]);
          }
          break;
        case Step::kFilter:
          if (v->is_array()) {
            for (const value& e : v->get_array()) {
              if (Matches(step.filter, e)) next.push_back(&e);
            }
          }
          break;
        case Step::kRecursive:
          break;
      }
    }
    current = std::move(next);
  }
  return current;
}

}  // namespace

std::optional<Values> EvaluateJsonPath(std::string_view path, const value& root) {
  auto steps = Parse(path);
  if (!steps) return std::nullopt;
  return Apply(*steps, 0, {&root});
}

}  // namespace kubepp::api::printers
