#include "api/openapi/schema_model.h"

#include <algorithm>
#include <set>
#include <utility>

#include "api/openapi/schema_text.h"
#include "base/log.h"
#include "base/strings.h"

namespace kubepp::api::openapi {
namespace {

struct Alias {
  std::string_view alias;
  std::string_view package;
};

// Short package names used in the schema text. DO NOT CHANGE a package:
// the full names are what clients see as definition names.
constexpr Alias kAliases[] = {
    {"core", "io.k8s.api.core.v1"},
    {"apps", "io.k8s.api.apps.v1"},
    {"batch", "io.k8s.api.batch.v1"},
    {"autoscaling1", "io.k8s.api.autoscaling.v1"},
    {"autoscaling2", "io.k8s.api.autoscaling.v2"},
    {"networking", "io.k8s.api.networking.v1"},
    {"discovery", "io.k8s.api.discovery.v1"},
    {"coordination", "io.k8s.api.coordination.v1"},
    {"events", "io.k8s.api.events.v1"},
    {"rbac", "io.k8s.api.rbac.v1"},
    {"storage", "io.k8s.api.storage.v1"},
    {"policy", "io.k8s.api.policy.v1"},
    {"scheduling", "io.k8s.api.scheduling.v1"},
    {"authentication", "io.k8s.api.authentication.v1"},
    {"authorization", "io.k8s.api.authorization.v1"},
    {"meta", "io.k8s.apimachinery.pkg.apis.meta.v1"},
    {"resource", "io.k8s.apimachinery.pkg.api.resource"},
    {"intstr", "io.k8s.apimachinery.pkg.util.intstr"},
    {"runtime", "io.k8s.apimachinery.pkg.runtime"},
    {"version", "io.k8s.apimachinery.pkg.version"},
    {"metrics", "io.k8s.metrics.pkg.apis.metrics.v1beta1"},
};

constexpr std::string_view kPrimitives[] = {"string", "int32", "int64", "bool",
                                            "double", "bytes", "object"};

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    std::string_view part =
        s.substr(start, comma == std::string_view::npos ? s.npos : comma - start);
    out.emplace_back(part == "\"\"" ? std::string_view() : part);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool IsPrimitive(std::string_view t) {
  return std::find(std::begin(kPrimitives), std::end(kPrimitives), t) != std::end(kPrimitives);
}

// Expands the alias of every name in a type expression ("[]core.X").
StatusOr<std::string> ExpandType(std::string_view t) {
  std::string prefix;
  while (t.starts_with("[]") || t.starts_with("{}")) {
    prefix += t.substr(0, 2);
    t.remove_prefix(2);
  }
  if (IsPrimitive(t)) return prefix + std::string(t);
  size_t dot = t.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == t.size()) {
    return Status::Invalid("unknown type \"" + std::string(t) + "\"");
  }
  return prefix + ExpandAlias(t.substr(0, dot)) + std::string(t.substr(dot));
}

Status LineError(int line, const std::string& msg) {
  return Status::Invalid("schema text line " + std::to_string(line) + ": " + msg);
}

}  // namespace

std::string ExpandAlias(std::string_view alias) {
  for (const auto& a : kAliases) {
    if (a.alias == alias) return std::string(a.package);
  }
  return std::string(alias);
}

std::string_view RefName(std::string_view type_expr) {
  while (type_expr.starts_with("[]") || type_expr.starts_with("{}")) type_expr.remove_prefix(2);
  if (IsPrimitive(type_expr)) return {};
  return type_expr;
}

StatusOr<std::vector<TypeDef>> ParseSchemaText(std::string_view text) {
  std::vector<TypeDef> types;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string_view line = Trim(raw, " \t\r");
    if (line.empty() || line.front() == '#') continue;
    std::string description;
    if (size_t bar = line.find(" | "); bar != std::string_view::npos) {
      description = std::string(Trim(line.substr(bar + 3), " \t\r"));
      line = Trim(line.substr(0, bar), " \t\r");
    }
    std::vector<std::string_view> words = SplitWords(line);
    const bool indented = raw.starts_with(" ") || raw.starts_with("\t");
    if (!indented) {
      if (words.size() < 2) return LineError(line_no, "expected `type NAME` or `scalar NAME TYPE`");
      TypeDef def;
      auto name = ExpandType(words[1]);
      if (!name.ok() || RefName(*name) != *name) return LineError(line_no, "bad type name");
      def.name = *name;
      def.description = std::move(description);
      if (words[0] == "scalar") {
        if (words.size() < 3)
          return LineError(line_no, "expected `scalar NAME TYPE [FORMAT] [oneof=T,T]`");
        def.scalar = true;
        def.scalar_type = std::string(words[2]);
        for (size_t i = 3; i < words.size(); ++i) {
          if (words[i].starts_with("oneof=")) {
            def.v3_one_of = SplitComma(words[i].substr(6));
          } else if (def.scalar_format.empty()) {
            def.scalar_format = std::string(words[i]);
          } else {
            return LineError(line_no, "unexpected \"" + std::string(words[i]) + "\"");
          }
        }
      } else if (words[0] == "type") {
        for (size_t i = 2; i < words.size(); ++i) {
          std::string_view w = words[i];
          if (w.starts_with("gvk=")) {
            std::string_view g = w.substr(4);
            size_t s1 = g.find('/');
            size_t s2 = s1 == g.npos ? g.npos : g.find('/', s1 + 1);
            if (s2 == g.npos) return LineError(line_no, "gvk wants GROUP/VERSION/KIND");
            def.gvks.push_back(Gvk{std::string(g.substr(0, s1)),
                                   std::string(g.substr(s1 + 1, s2 - s1 - 1)),
                                   std::string(g.substr(s2 + 1))});
          } else if (w.starts_with("mt=")) {
            def.map_type = std::string(w.substr(3));
          } else {
            return LineError(line_no, "unknown type attribute \"" + std::string(w) + "\"");
          }
        }
      } else {
        return LineError(line_no, "unknown keyword \"" + std::string(words[0]) + "\"");
      }
      types.push_back(std::move(def));
      continue;
    }
    if (types.empty() || types.back().scalar) return LineError(line_no, "field outside a type");
    if (words.size() < 2) return LineError(line_no, "expected `NAME TYPE`");
    FieldDef field;
    field.name = std::string(words[0]);
    auto type = ExpandType(words[1]);
    if (!type.ok()) return LineError(line_no, type.status().message());
    field.type = *type;
    field.description = std::move(description);
    for (size_t i = 2; i < words.size(); ++i) {
      std::string_view w = words[i];
      if (w == "!") {
        field.required = true;
      } else if (w.starts_with("ps=")) {
        field.patch_strategy = std::string(w.substr(3));
      } else if (w.starts_with("pk=")) {
        field.patch_merge_key = std::string(w.substr(3));
      } else if (w.starts_with("lt=")) {
        field.list_type = std::string(w.substr(3));
      } else if (w.starts_with("lk=")) {
        field.list_map_keys = SplitComma(w.substr(3));
      } else if (w.starts_with("mt=")) {
        field.map_type = std::string(w.substr(3));
      } else if (w.starts_with("enum=")) {
        field.enum_values = SplitComma(w.substr(5));
      } else {
        return LineError(line_no, "unknown field attribute \"" + std::string(w) + "\"");
      }
    }
    types.back().fields.push_back(std::move(field));
  }
  return types;
}

SchemaRegistry::SchemaRegistry(std::vector<TypeDef> types) : types_(std::move(types)) {
  for (size_t i = 0; i < types_.size(); ++i) by_name_.emplace(types_[i].name, i);
}

const SchemaRegistry& SchemaRegistry::Get() {
  static const SchemaRegistry* registry = [] {
    std::vector<TypeDef> all;
    for (std::string_view text : SchemaTexts()) {
      auto parsed = ParseSchemaText(text);
      KCHECK(parsed.ok()) << parsed.status().ToString();
      for (auto& t : *parsed) all.push_back(std::move(t));
    }
    return new SchemaRegistry(std::move(all));
  }();
  return *registry;
}

const TypeDef* SchemaRegistry::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &types_[it->second];
}

const TypeDef* SchemaRegistry::FindKind(std::string_view group, std::string_view version,
                                        std::string_view kind) const {
  for (const auto& t : types_) {
    for (const auto& g : t.gvks) {
      if (g.group == group && g.version == version && g.kind == kind) return &t;
    }
  }
  return nullptr;
}

std::vector<const TypeDef*> SchemaRegistry::Closure(const std::vector<std::string>& roots) const {
  std::set<std::string_view> seen;
  std::vector<std::string_view> stack;
  for (const auto& r : roots) {
    if (Find(r) != nullptr && seen.insert(Find(r)->name).second) stack.push_back(Find(r)->name);
  }
  while (!stack.empty()) {
    const TypeDef* t = Find(stack.back());
    stack.pop_back();
    for (const auto& f : t->fields) {
      std::string_view ref = RefName(f.type);
      const TypeDef* target = ref.empty() ? nullptr : Find(ref);
      if (target != nullptr && seen.insert(target->name).second) stack.push_back(target->name);
    }
  }
  std::vector<const TypeDef*> out;
  for (std::string_view name : seen) out.push_back(Find(name));
  return out;
}

}  // namespace kubepp::api::openapi
