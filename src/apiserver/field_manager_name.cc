#include "apiserver/field_manager_name.h"

#include "api/validation/object_meta.h"
#include "api/validation/validation.h"

namespace kubepp::apiserver {
namespace {

constexpr size_t kMaxLength = 128;

api::ResourceInfo OptionsKind(std::string_view kind) {
  api::ResourceInfo info;
  info.group = "meta.k8s.io";
  info.kind = std::string(kind);
  return info;
}

}  // namespace

std::string ManagerName(const std::string& field_manager_param, const std::string* user_agent) {
  if (!field_manager_param.empty()) return field_manager_param;
  if (!user_agent) return "unknown";
  std::string_view product(*user_agent);
  product = product.substr(0, product.find('/'));
  std::string out;
  for (size_t i = 0; i < product.size();) {
    unsigned char c = static_cast<unsigned char>(product[i]);
    size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (i + n > product.size()) n = 1;
    std::string_view rune = product.substr(i, n);
    i += n;
    if (n == 1 && (c < 0x20 || c >= 0x7f)) continue;  // unprintable (or not UTF-8)
    if (n == 2 && c == 0xc2 && static_cast<unsigned char>(rune[1]) < 0xa1) continue;  // C1 controls, NBSP
    if (out.size() + rune.size() > kMaxLength) break;
    out.append(rune);
  }
  return out.empty() ? "unknown" : out;
}

Status ValidateFieldManagerParam(const std::string& field_manager, std::string_view options_kind) {
  auto errors = api::validation::ValidateFieldManager(field_manager, api::validation::FieldPath("fieldManager"));
  if (errors.empty()) return Status::Ok();
  return api::InvalidStatus(OptionsKind(options_kind), "", errors);
}

Status InvalidOptions(std::string_view options_kind, std::string field, std::string type, std::string detail,
                      std::string bad_value_text) {
  api::FieldError e;
  e.type = std::move(type);
  e.field = std::move(field);
  e.detail = std::move(detail);
  e.bad_value_text = std::move(bad_value_text);
  return api::InvalidStatus(OptionsKind(options_kind), "", {e});
}

}  // namespace kubepp::apiserver
