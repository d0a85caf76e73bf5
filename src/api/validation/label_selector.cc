#include "api/validation/label_selector.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "api/names/names.h"
#include "api/validation/field_errors.h"
#include "api/validation/json_access.h"
#include "api/validation/object_meta.h"
#include "base/go_quote.h"

namespace kubepp::api::validation {

ErrorList ValidateLabelSelector(const boost::json::object* selector, const FieldPath& path) {
  ErrorList errs;
  if (selector == nullptr) return errs;
  Append(errs, ValidateLabels(Obj(selector, "matchLabels"), path.Child("matchLabels")));
  const boost::json::array* exprs = Arr(selector, "matchExpressions");
  for (size_t i = 0; i < Size(exprs); ++i) {
    const boost::json::object* e = ObjAt(*exprs, i);
    FieldPath ep = path.Child("matchExpressions").Index(i);
    std::string op = Str(e, "operator");
    std::vector<std::string> values = Strings(e, "values");
    if (op == "In" || op == "NotIn") {
      if (values.empty()) {
        errs.push_back(
            Required(ep.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (!values.empty()) {
        errs.push_back(
            Forbidden(ep.Child("values"),
                      "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    } else {
      errs.push_back(Invalid(ep.Child("operator"), op, "not a valid selector operator"));
    }
    Append(errs, ValidateQualifiedName(Str(e, "key"), ep.Child("key")));
    for (size_t j = 0; j < values.size(); ++j) {
      for (auto& m : IsValidLabelValue(values[j])) {
        errs.push_back(Invalid(ep.Child("values").Index(j), values[j], m));
      }
    }
  }
  return errs;
}

bool SelectorEmpty(const boost::json::object* selector) {
  return Size(Obj(selector, "matchLabels")) + Size(Arr(selector, "matchExpressions")) == 0;
}

namespace {
const std::string* LabelValue(const boost::json::object* labels, std::string_view key) {
  static thread_local std::string value;
  const boost::json::value* v = Field(labels, key);
  if (v == nullptr) return nullptr;
  value = v->is_string() ? std::string(v->get_string()) : std::string();
  return &value;
}
}  // namespace

bool SelectorMatches(const boost::json::object* selector, const boost::json::object* labels) {
  if (selector == nullptr) return false;
  if (const boost::json::object* ml = Obj(selector, "matchLabels")) {
    for (const auto& kv : *ml) {
      const std::string* v = LabelValue(labels, kv.key());
      if (v == nullptr || !kv.value().is_string() || *v != kv.value().get_string()) return false;
    }
  }
  const boost::json::array* exprs = Arr(selector, "matchExpressions");
  for (size_t i = 0; i < Size(exprs); ++i) {
    const boost::json::object* e = ObjAt(*exprs, i);
    std::string op = Str(e, "operator");
    std::vector<std::string> values = Strings(e, "values");
    const std::string* v = LabelValue(labels, Str(e, "key"));
    bool in = v != nullptr && std::find(values.begin(), values.end(), *v) != values.end();
    if (op == "In" && !in) return false;
    if (op == "NotIn" && in) return false;
    if (op == "Exists" && v == nullptr) return false;
    if (op == "DoesNotExist" && v != nullptr) return false;
  }
  return true;
}

bool MapSelectorMatches(const boost::json::object* selector, const boost::json::object* labels) {
  if (selector == nullptr) return true;
  for (const auto& kv : *selector) {
    const std::string* v = LabelValue(labels, kv.key());
    if (v == nullptr || !kv.value().is_string() || *v != kv.value().get_string()) return false;
  }
  return true;
}

std::string SelectorGoString(const boost::json::object* selector) {
  if (selector == nullptr) return "nil";
  std::vector<std::pair<std::string, std::string>> labels;
  if (const boost::json::object* ml = Obj(selector, "matchLabels")) {
    for (const auto& kv : *ml) {
      labels.emplace_back(std::string(kv.key()), kv.value().is_string()
                                                     ? std::string(kv.value().get_string())
                                                     : std::string());
    }
  }
  std::sort(labels.begin(), labels.end());
  std::string out = "&LabelSelector{MatchLabels:map[string]string{";
  for (const auto& [k, v] : labels) out += k + ": " + v + ",";
  out += "},MatchExpressions:[]LabelSelectorRequirement{";
  const boost::json::array* exprs = Arr(selector, "matchExpressions");
  for (size_t i = 0; i < Size(exprs); ++i) {
    const boost::json::object* e = ObjAt(*exprs, i);
    std::string values;
    for (const auto& v : Strings(e, "values")) values += (values.empty() ? "" : " ") + v;
    out += "LabelSelectorRequirement{Key:" + Str(e, "key") + ",Operator:" + Str(e, "operator") +
           ",Values:[" + values + "],},";
  }
  return out + "},}";
}

std::string SelectorGoSyntax(const boost::json::object* selector) {
  if (selector == nullptr) return "null";
  std::string out = "v1.LabelSelector{MatchLabels:" + GoStringMap(Obj(selector, "matchLabels")) +
                    ", MatchExpressions:";
  const boost::json::array* exprs = Arr(selector, "matchExpressions");
  if (exprs == nullptr) return out + "[]v1.LabelSelectorRequirement(nil)}";
  out += "[]v1.LabelSelectorRequirement{";
  for (size_t i = 0; i < exprs->size(); ++i) {
    const boost::json::object* e = ObjAt(*exprs, i);
    out += (i ? ", " : "");
    out += "v1.LabelSelectorRequirement{Key:" + GoQuote(Str(e, "key")) +
           ", Operator:" + GoQuote(Str(e, "operator")) + ", Values:";
    out += Arr(e, "values") ? GoStringSlice(Strings(e, "values")) : "[]string(nil)";
    out += "}";
  }
  return out + "}}";
}

}  // namespace kubepp::api::validation
