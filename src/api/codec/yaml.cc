// YAML to JSON, resolving plain scalars the way sigs.k8s.io/yaml (go-yaml v2,
// YAML 1.1 rules) does for Kubernetes manifests.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

#include "api/codec/codec.h"

namespace kubepp::api {
namespace {

bool IsNull(const std::string& s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

int BoolValue(const std::string& s) {
  static const char* kTrue[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"};
  static const char* kFalse[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"};
  for (auto* t : kTrue) if (s == t) return 1;
  for (auto* f : kFalse) if (s == f) return 0;
  return -1;
}

boost::json::value Scalar(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() != "?") return boost::json::value(s);  // quoted or tagged: a string
  if (IsNull(s)) return nullptr;
  if (int b = BoolValue(s); b >= 0 && s != "y" && s != "Y" && s != "n" && s != "N") return b == 1;
  // Integers: decimal with optional sign and underscores are not Kubernetes-common; keep it strict.
  std::string digits = s;
  int base = 10;
  bool negative = false;
  size_t start = 0;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    start = 1;
  }
  std::string_view body(digits.data() + start, digits.size() - start);
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    base = 16;
    body.remove_prefix(2);
  } else if (body.size() > 2 && body[0] == '0' && (body[1] == 'o' || body[1] == 'O')) {
    base = 8;
    body.remove_prefix(2);
  }
  if (!body.empty()) {
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value, base);
    if (ec == std::errc() && ptr == body.data() + body.size()) {
      return negative ? -value : value;
    }
    if (ec == std::errc::result_out_of_range && base == 10) {
      uint64_t u = 0;
      auto [p2, e2] = std::from_chars(body.data(), body.data() + body.size(), u);
      if (e2 == std::errc() && p2 == body.data() + body.size() && !negative) return u;
    }
  }
  // Floats: digits with a dot or exponent, and .inf/.nan.
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return boost::json::value(s);
  bool looks_float = false, has_digit = false;
  for (char c : body) {
    if (c >= '0' && c <= '9') has_digit = true;
    else if (c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+') looks_float = true;
    else { has_digit = false; looks_float = false; break; }
  }
  if (has_digit && looks_float) {
    double d = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
    if (ec == std::errc() && ptr == digits.data() + digits.size() && std::isfinite(d)) return d;
  }
  return boost::json::value(s);
}

StatusOr<boost::json::value> ToJson(const YAML::Node& node, int depth) {
  if (depth > 1000) return Status::BadRequest("yaml: exceeded max depth");
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return boost::json::value(nullptr);
    case YAML::NodeType::Scalar:
      return Scalar(node);
    case YAML::NodeType::Sequence: {
      boost::json::array arr;
      for (const auto& item : node) {
        auto v = ToJson(item, depth + 1);
        if (!v.ok()) return v.status();
        arr.push_back(std::move(*v));
      }
      return boost::json::value(std::move(arr));
    }
    case YAML::NodeType::Map: {
      boost::json::object obj;
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) return Status::BadRequest("yaml: map keys must be scalars");
        auto v = ToJson(kv.second, depth + 1);
        if (!v.ok()) return v.status();
        obj[kv.first.Scalar()] = std::move(*v);
      }
      return boost::json::value(std::move(obj));
    }
  }
  return boost::json::value(nullptr);
}

}  // namespace

StatusOr<boost::json::value> ParseYaml(std::string_view text) {
  if (!IsValidUtf8(text)) return Status::BadRequest("error converting YAML to JSON: yaml: invalid UTF-8");
  try {
    YAML::Node node = YAML::Load(std::string(text));
    auto value = ToJson(node, 0);
    // Escapes in double-quoted scalars ("\xff") can still produce bytes that are not UTF-8.
    if (value.ok()) KUBEPP_RETURN_IF_ERROR(CheckUtf8(*value));
    return value;
  } catch (const YAML::Exception& e) {
    return Status::BadRequest(std::string("error converting YAML to JSON: yaml: ") + e.what());
  }
}

}  // namespace kubepp::api
