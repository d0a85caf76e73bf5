// FieldPath: the dotted path of a field inside an object, printed as upstream's
// field.Path prints it: "spec.template.spec.containers[0].ports[1].name",
// "metadata.labels[app]" for a map key.
//
// A path is a small value; children copy their parent's text, which is cheap
// next to the JSON walk that produces them.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace kubepp::api::validation {

class FieldPath {
 public:
  FieldPath() = default;
  explicit FieldPath(std::string_view root) : text_(root) {}

  FieldPath Child(std::string_view name) const {
    if (text_.empty()) return FieldPath(name);
    return FieldPath(text_ + "." + std::string(name));
  }
  FieldPath Child(std::string_view a, std::string_view b) const { return Child(a).Child(b); }
  FieldPath Child(std::string_view a, std::string_view b, std::string_view c) const {
    return Child(a).Child(b).Child(c);
  }
  FieldPath Index(size_t i) const { return FieldPath(text_ + "[" + std::to_string(i) + "]", 0); }
  // Map keys are written bare inside brackets, as upstream does.
  FieldPath Key(std::string_view key) const {
    return FieldPath(text_ + "[" + std::string(key) + "]", 0);
  }

  const std::string& String() const { return text_; }

 private:
  FieldPath(std::string text, int) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace kubepp::api::validation
