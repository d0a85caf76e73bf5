#include "api/printers/label_format.h"

#include <algorithm>
#include <map>
#include <vector>

#include "api/printers/json_fields.h"

namespace kubepp::api::printers {
namespace {

struct Requirement {
  std::string key;
  std::string op;  // "=", "in", "notin", "exists", "!"
  std::vector<std::string> values;

  std::string Text() const {
    if (op == "!") return "!" + key;
    if (op == "exists") return key;
    std::vector<std::string> sorted = values;
    if (sorted.size() > 1) std::sort(sorted.begin(), sorted.end());
    std::string joined;
    for (size_t i = 0; i < sorted.size(); ++i) {
      if (i) joined += ",";
      joined += sorted[i];
    }
    if (op == "=") return key + "=" + joined;
    return key + " " + op + " (" + joined + ")";
  }
};

}  // namespace

std::string FormatLabels(const boost::json::value* labels) {
  if (!labels || !labels->is_object() || labels->get_object().empty()) return "<none>";
  std::map<std::string, std::string> sorted;
  for (const auto& kv : labels->get_object()) {
    sorted[std::string(kv.key())] =
        kv.value().is_string() ? std::string(kv.value().get_string()) : "";
  }
  std::string out;
  for (const auto& [k, v] : sorted) {
    if (!out.empty()) out += ",";
    out += k + "=" + v;
  }
  return out;
}

std::optional<std::string> LabelSelectorString(const boost::json::value* selector) {
  if (!selector || !selector->is_object()) return std::string();
  const boost::json::object& sel = selector->get_object();
  std::vector<Requirement> reqs;
  if (const boost::json::value* ml = Find(sel, "matchLabels"); ml && ml->is_object()) {
    for (const auto& kv : ml->get_object()) {
      std::string v = kv.value().is_string() ? std::string(kv.value().get_string()) : "";
      reqs.push_back({std::string(kv.key()), "=", {v}});
    }
  }
  for (const boost::json::value& e : Arr(sel, "matchExpressions")) {
    const boost::json::object& expr = AsObj(e);
    Requirement r{Str(expr, "key"), "", {}};
    for (const boost::json::value& v : Arr(expr, "values")) {
      r.values.push_back(v.is_string() ? std::string(v.get_string()) : "");
    }
    const std::string op = Str(expr, "operator");
    if (op == "In" || op == "NotIn") {
      if (r.values.empty()) return std::nullopt;
      r.op = op == "In" ? "in" : "notin";
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (!r.values.empty()) return std::nullopt;
      r.op = op == "Exists" ? "exists" : "!";
    } else {
      return std::nullopt;
    }
    reqs.push_back(std::move(r));
  }
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const Requirement& a, const Requirement& b) { return a.key < b.key; });
  std::string out;
  for (const Requirement& r : reqs) {
    if (!out.empty()) out += ",";
    out += r.Text();
  }
  return out;
}

std::string FormatLabelSelector(const boost::json::value* selector) {
  std::optional<std::string> s = LabelSelectorString(selector);
  if (!s) return "<error>";
  if (s->empty()) return "<none>";
  return *s;
}

}  // namespace kubepp::api::printers
