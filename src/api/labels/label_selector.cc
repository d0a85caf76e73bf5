// LabelSelector: the recursive-descent parser over ScanSelector's tokens,
// requirement validation (upstream's NewRequirement), FromObject and matching.
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>
#include <set>

#include "api/labels/go_format.h"
#include "api/labels/selector.h"
#include "api/labels/selector_lexer.h"
#include "api/names/names.h"
#include "base/go_quote.h"

namespace kubepp::api {
namespace {

using internal::ScannedItem;
using internal::Token;
using Op = Requirement::Op;

// Go's strconv.ParseInt(s, 10, 64).
std::optional<int64_t> ParseInt64(std::string_view s) {
  size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return std::nullopt;
  uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t n = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (n > (limit - d) / 10) return std::nullopt;
    n = n * 10 + d;
  }
  return negative ? static_cast<int64_t>(0 - n) : static_cast<int64_t>(n);
}

// Upstream's "found '<token>'<rest>" parse errors.
std::string Found(std::string_view token, std::string_view rest) {
  std::string out = "found '";
  out += token;
  out += rest;
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// validateLabelKey: nullopt when valid, else the field error text.
std::optional<std::string> ValidateKey(std::string_view key, std::string_view path) {
  std::vector<std::string> errs = IsQualifiedName(key);
  if (errs.empty()) return std::nullopt;
  return internal::InvalidFieldError(path, GoQuote(key), Join(errs, "; "));
}

// upstream NewRequirement(key, op, values) with no field path: the checks of
// the operator's arity and of every key and value, as one aggregated message.
std::optional<std::string> ValidateRequirement(const Requirement& r) {
  std::vector<std::string> errs;
  if (auto e = ValidateKey(r.key, "key")) errs.push_back(*e);
  switch (r.op) {
    case Op::kIn:
    case Op::kNotIn:
      if (r.values.empty()) {
        errs.push_back(internal::InvalidFieldError("values", internal::GoStringSlice(r.values),
                                                   "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case Op::kEquals:
    case Op::kNotEquals:
      if (r.values.size() != 1) {
        errs.push_back(internal::InvalidFieldError("values", internal::GoStringSlice(r.values),
                                                   "exact-match compatibility requires one single value"));
      }
      break;
    case Op::kExists:
    case Op::kDoesNotExist:
      if (!r.values.empty()) {
        errs.push_back(internal::InvalidFieldError("values", internal::GoStringSlice(r.values),
                                                   "values set must be empty for exists and does not exist"));
      }
      break;
    case Op::kGreaterThan:
    case Op::kLessThan:
      if (r.values.size() != 1) {
        errs.push_back(internal::InvalidFieldError("values", internal::GoStringSlice(r.values),
                                                   "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (size_t i = 0; i < r.values.size(); ++i) {
        if (!ParseInt64(r.values[i])) {
          errs.push_back(internal::InvalidFieldError("values[" + std::to_string(i) + "]",
                                                     GoQuote(r.values[i]),
                                                     "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
      break;
  }
  for (size_t i = 0; i < r.values.size(); ++i) {
    std::vector<std::string> verrs = IsValidLabelValue(r.values[i]);
    if (!verrs.empty()) {
      errs.push_back(internal::InvalidFieldError("values[" + std::to_string(i) + "][" + r.key + "]",
                                                 GoQuote(r.values[i]), Join(verrs, "; ")));
    }
  }
  if (errs.empty()) return std::nullopt;
  return internal::AggregateErrors(errs);
}

// The parser walks the scanned tokens; "in" and "notin" read as identifiers
// wherever a key or a value may stand (upstream's Values context).
class Parser {
 public:
  explicit Parser(std::string_view text) : items_(internal::ScanSelector(text)) {}

  // On failure, the message upstream's Parse returns.
  StatusOr<std::vector<Requirement>> Parse() {
    std::vector<Requirement> requirements;
    while (true) {
      auto [tok, lit] = Lookahead(true);
      switch (tok) {
        case Token::kIdentifier:
        case Token::kDoesNotExist: {
          std::string error;
          std::optional<Requirement> r = ParseRequirement(error);
          if (!r) return Status::BadRequest("unable to parse requirement: " + error);
          requirements.push_back(std::move(*r));
          auto [t, l] = Consume(true);
          if (t == Token::kEndOfString) return requirements;
          if (t == Token::kComma) {
            auto [t2, l2] = Lookahead(true);
            if (t2 != Token::kIdentifier && t2 != Token::kDoesNotExist) {
              return Status::BadRequest(Found(l2, "', expected: identifier after ','"));
            }
            break;
          }
          return Status::BadRequest(Found(l, "', expected: ',' or 'end of string'"));
        }
        case Token::kEndOfString:
          return requirements;
        default:
          return Status::BadRequest(Found(lit, "', expected: !, identifier, or 'end of string'"));
      }
    }
  }

 private:
  std::pair<Token, std::string_view> Lookahead(bool values_context) const {
    const ScannedItem& item = items_[position_];
    return {Map(item.token, values_context), item.literal};
  }
  std::pair<Token, std::string_view> Consume(bool values_context) {
    const ScannedItem& item = items_[position_];
    // The last item is kEndOfString and nothing consumes past it.
    if (position_ + 1 < items_.size()) ++position_;
    return {Map(item.token, values_context), item.literal};
  }
  static Token Map(Token t, bool values_context) {
    if (values_context && (t == Token::kIn || t == Token::kNotIn)) return Token::kIdentifier;
    return t;
  }

  std::optional<Requirement> ParseRequirement(std::string& error) {
    Requirement r;
    std::optional<Op> op;
    auto [tok, lit] = Consume(true);
    if (tok == Token::kDoesNotExist) {
      op = Op::kDoesNotExist;
      std::tie(tok, lit) = Consume(true);
    }
    if (tok != Token::kIdentifier) {
      error = Found(lit, "', expected: identifier");
      return std::nullopt;
    }
    r.key = std::string(lit);
    // The parser validates the key with no field path, which Go prints as "<nil>".
    if (auto e = ValidateKey(r.key, "<nil>")) {
      error = *e;
      return std::nullopt;
    }
    Token next = Lookahead(true).first;
    if ((next == Token::kEndOfString || next == Token::kComma) && !op) op = Op::kExists;
    if (op) {
      r.op = *op;
      return Finish(std::move(r), error);
    }

    auto [op_tok, op_lit] = Consume(false);
    switch (op_tok) {
      case Token::kIn: r.op = Op::kIn; break;
      case Token::kEquals: r.op = Op::kEquals; break;
      case Token::kDoubleEquals: r.op = Op::kEquals, r.double_equals = true; break;
      case Token::kGreaterThan: r.op = Op::kGreaterThan; break;
      case Token::kLessThan: r.op = Op::kLessThan; break;
      case Token::kNotIn: r.op = Op::kNotIn; break;
      case Token::kNotEquals: r.op = Op::kNotEquals; break;
      default:
        error = Found(op_lit, "', expected: in, notin, =, ==, !=, gt, lt");
        return std::nullopt;
    }
    std::set<std::string> values;
    bool ok = (r.op == Op::kIn || r.op == Op::kNotIn) ? ParseValues(values, error) : ParseExactValue(values, error);
    if (!ok) return std::nullopt;
    r.values.assign(values.begin(), values.end());  // sorted and deduplicated, as upstream's string set
    return Finish(std::move(r), error);
  }

  static std::optional<Requirement> Finish(Requirement r, std::string& error) {
    if (auto e = ValidateRequirement(r)) {
      error = *e;
      return std::nullopt;
    }
    return r;
  }

  // "(" values ")"; "()" is the set holding the empty string.
  bool ParseValues(std::set<std::string>& values, std::string& error) {
    auto [tok, lit] = Consume(true);
    if (tok != Token::kOpenPar) {
      error = Found(lit, "' expected: '('");
      return false;
    }
    auto [tok2, lit2] = Lookahead(true);
    switch (tok2) {
      case Token::kIdentifier:
      case Token::kComma: {
        std::string expected_lit(lit2);
        if (!ParseIdentifiersList(values, error)) return false;
        if (Consume(true).first != Token::kClosedPar) {
          error = Found(expected_lit, "', expected: ')'");
          return false;
        }
        return true;
      }
      case Token::kClosedPar:
        Consume(true);
        values.insert("");
        return true;
      default:
        error = Found(lit2, "', expected: ',', ')' or identifier");
        return false;
    }
  }

  // Comma-separated, possibly empty identifiers: "(a,,b)" holds "".
  bool ParseIdentifiersList(std::set<std::string>& values, std::string& error) {
    while (true) {
      auto [tok, lit] = Consume(true);
      switch (tok) {
        case Token::kIdentifier: {
          values.emplace(lit);
          auto [tok2, lit2] = Lookahead(true);
          if (tok2 == Token::kComma) continue;
          if (tok2 == Token::kClosedPar) return true;
          error = Found(lit2, "', expected: ',' or ')'");
          return false;
        }
        case Token::kComma: {
          if (values.empty()) values.insert("");
          Token tok2 = Lookahead(true).first;
          if (tok2 == Token::kClosedPar) {
            values.insert("");
            return true;
          }
          if (tok2 == Token::kComma) values.insert("");
          continue;
        }
        default:
          error = Found(lit, "', expected: ',', or identifier");
          return false;
      }
    }
  }

  // The single value after = == != > <; nothing there means "".
  bool ParseExactValue(std::set<std::string>& values, std::string& error) {
    Token next = Lookahead(true).first;
    if (next == Token::kEndOfString || next == Token::kComma) {
      values.insert("");
      return true;
    }
    auto [tok, lit] = Consume(true);
    if (tok == Token::kIdentifier) {
      values.emplace(lit);
      return true;
    }
    error = Found(lit, "', expected: identifier");
    return false;
  }

  std::vector<ScannedItem> items_;
  size_t position_ = 0;
};

void SortByKey(std::vector<Requirement>& requirements) {
  std::stable_sort(requirements.begin(), requirements.end(),
                   [](const Requirement& a, const Requirement& b) { return a.key < b.key; });
}

bool HasValue(const Requirement& r, std::string_view v) {
  return std::find(r.values.begin(), r.values.end(), v) != r.values.end();
}

// The shared matching rule; `value` is null when the label is absent.
bool MatchValue(const Requirement& r, const std::string_view* value) {
  switch (r.op) {
    case Op::kIn:
    case Op::kEquals:
      return value != nullptr && HasValue(r, *value);
    case Op::kNotIn:
    case Op::kNotEquals:
      return value == nullptr || !HasValue(r, *value);
    case Op::kExists:
      return value != nullptr;
    case Op::kDoesNotExist:
      return value == nullptr;
    case Op::kGreaterThan:
    case Op::kLessThan: {
      if (value == nullptr || r.values.size() != 1) return false;
      std::optional<int64_t> have = ParseInt64(*value);
      std::optional<int64_t> want = ParseInt64(r.values[0]);
      if (!have || !want) return false;
      return r.op == Op::kGreaterThan ? *have > *want : *have < *want;
    }
  }
  return false;
}

StatusOr<std::vector<std::string>> StringArray(const boost::json::value* v, std::string_view what) {
  std::vector<std::string> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return Status::BadRequest(std::string(what) + " must be an array of strings");
  for (const boost::json::value& e : v->get_array()) {
    if (!e.is_string()) return Status::BadRequest(std::string(what) + " must be an array of strings");
    out.emplace_back(e.get_string());
  }
  return out;
}

}  // namespace

bool Requirement::Matches(const Labels& labels) const {
  auto it = labels.find(key);
  if (it == labels.end()) return MatchValue(*this, nullptr);
  std::string_view v = it->second;
  return MatchValue(*this, &v);
}

std::string Requirement::String() const {
  std::string out;
  if (op == Op::kDoesNotExist) out += '!';
  out += key;
  switch (op) {
    case Op::kEquals: out += double_equals ? "==" : "="; break;
    case Op::kNotEquals: out += "!="; break;
    case Op::kIn: out += " in ("; break;
    case Op::kNotIn: out += " notin ("; break;
    case Op::kGreaterThan: out += ">"; break;
    case Op::kLessThan: out += "<"; break;
    case Op::kExists:
    case Op::kDoesNotExist:
      return out;
  }
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  out += Join(sorted, ",");
  if (op == Op::kIn || op == Op::kNotIn) out += ")";
  return out;
}

StatusOr<LabelSelector> LabelSelector::Parse(std::string_view text) {
  StatusOr<std::vector<Requirement>> parsed = Parser(text).Parse();
  if (!parsed.ok()) return parsed.status();
  LabelSelector s;
  s.requirements_ = std::move(parsed).value();
  SortByKey(s.requirements_);
  return s;
}

StatusOr<LabelSelector> LabelSelector::FromObject(const boost::json::object& selector) {
  LabelSelector s;
  if (const boost::json::value* ml = selector.if_contains("matchLabels"); ml && !ml->is_null()) {
    if (!ml->is_object()) return Status::BadRequest("matchLabels must be an object of strings");
    for (const auto& [k, v] : ml->get_object()) {
      if (!v.is_string()) return Status::BadRequest("matchLabels must be an object of strings");
      Requirement r;
      r.key = std::string(k);
      r.op = Op::kEquals;
      r.values.emplace_back(v.get_string());
      if (auto e = ValidateRequirement(r)) return Status::BadRequest(*e);
      s.requirements_.push_back(std::move(r));
    }
  }
  if (const boost::json::value* me = selector.if_contains("matchExpressions"); me && !me->is_null()) {
    if (!me->is_array()) return Status::BadRequest("matchExpressions must be an array");
    for (const boost::json::value& ev : me->get_array()) {
      if (!ev.is_object()) return Status::BadRequest("matchExpressions must be an array of objects");
      const boost::json::object& expr = ev.get_object();
      Requirement r;
      std::string op;
      if (const boost::json::value* k = expr.if_contains("key"); k && k->is_string()) r.key = k->get_string();
      if (const boost::json::value* o = expr.if_contains("operator"); o && o->is_string()) op = o->get_string();
      if (op == "In") {
        r.op = Op::kIn;
      } else if (op == "NotIn") {
        r.op = Op::kNotIn;
      } else if (op == "Exists") {
        r.op = Op::kExists;
      } else if (op == "DoesNotExist") {
        r.op = Op::kDoesNotExist;
      } else {
        return Status::BadRequest(GoQuote(op) + " is not a valid label selector operator");
      }
      StatusOr<std::vector<std::string>> values = StringArray(expr.if_contains("values"), "values");
      if (!values.ok()) return values.status();
      r.values = std::move(values).value();
      // Validate in the order given (the messages index the values), then
      // sort so that String() and equality do not depend on that order.
      if (auto e = ValidateRequirement(r)) return Status::BadRequest(*e);
      std::sort(r.values.begin(), r.values.end());
      s.requirements_.push_back(std::move(r));
    }
  }
  SortByKey(s.requirements_);
  return s;
}

bool LabelSelector::Matches(const Labels& labels) const {
  for (const Requirement& r : requirements_) {
    if (!r.Matches(labels)) return false;
  }
  return true;
}

bool LabelSelector::Matches(const boost::json::object* labels) const {
  for (const Requirement& r : requirements_) {
    const boost::json::value* v = labels ? labels->if_contains(r.key) : nullptr;
    if (v != nullptr && v->is_string()) {
      std::string_view sv = v->get_string();
      if (!MatchValue(r, &sv)) return false;
    } else if (!MatchValue(r, nullptr)) {
      return false;
    }
  }
  return true;
}

std::string LabelSelector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0) out += ',';
    out += requirements_[i].String();
  }
  return out;
}

}  // namespace kubepp::api
