#include "api/managedfields/last_applied.h"

#include <boost/json/parse.hpp>

#include "api/managedfields/compare.h"
#include "api/managedfields/go_json.h"
#include "api/managedfields/to_field_set.h"
#include "api/managedfields/validate.h"

namespace kubepp::api::managedfields {
namespace {

// Upstream's limit on the total size of an object's annotations.
constexpr size_t kTotalAnnotationSizeLimit = 256 * 1024;

const boost::json::object* Annotations(const boost::json::object& obj) {
  const auto* meta = obj.if_contains("metadata");
  if (!meta || !meta->is_object()) return nullptr;
  const auto* ann = meta->get_object().if_contains("annotations");
  return ann && ann->is_object() ? &ann->get_object() : nullptr;
}

std::string_view LastApplied(const boost::json::object& obj) {
  const auto* ann = Annotations(obj);
  if (!ann) return {};
  const auto* v = ann->if_contains(kLastAppliedAnnotation);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

}  // namespace

std::optional<FieldSet> LastAppliedFields(const boost::json::object& live, const Atom* root,
                                          std::string_view api_version) {
  std::string_view text = LastApplied(live);
  if (text.empty()) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value last = boost::json::parse(text, ec);
  if (ec || !last.is_object()) return std::nullopt;
  const auto* v = last.get_object().if_contains("apiVersion");
  if (!v || !v->is_string() || v->get_string() != api_version) return std::nullopt;
  if (!ValidateTyped(last, root, false).empty()) return std::nullopt;
  const boost::json::value live_value = live;
  Comparison cmp = Compare(last, live_value, root);
  FieldSet fields = ToFieldSet(last, root);
  fields.Subtract(cmp.modified);
  fields.Subtract(cmp.added);
  fields.Subtract(cmp.removed);
  return fields;
}

void UpdateLastApplied(boost::json::object& obj, const boost::json::object& config) {
  if (LastApplied(obj).empty()) return;
  boost::json::object applied = config;
  if (auto* meta = applied.if_contains("metadata"); meta && meta->is_object()) {
    if (auto* ann = meta->get_object().if_contains("annotations"); ann && ann->is_object()) {
      ann->get_object().stable_erase(kLastAppliedAnnotation);
    }
  }
  std::string text = GoJson(applied);
  text.push_back('\n');
  auto& ann = obj["metadata"].as_object()["annotations"].as_object();
  ann[kLastAppliedAnnotation] = text;
  size_t total = 0;
  for (const auto& kv : ann) total += kv.key().size() + (kv.value().is_string() ? kv.value().get_string().size() : 0);
  if (total > kTotalAnnotationSizeLimit) ann.stable_erase(kLastAppliedAnnotation);
}

}  // namespace kubepp::api::managedfields
