// The shape of kubescheduler.config.k8s.io/v1: every field of
// KubeSchedulerConfiguration and of the in-tree plugins' args types, with
// the Go type upstream decodes it into, so a configuration file is decoded
// strictly as kube-scheduler decodes it — unknown fields are errors
// ("unknown field \"profiles[0].pluginz\""), and values of the wrong type
// fail with Go's encoding/json message.
//
// Thread safety: the type descriptions are immutable statics.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace kubepp::scheduler::config {

enum class ValueKind {
  kString,
  kInt32,
  kInt64,
  kFloat32,
  kBool,
  kDuration,   // metav1.Duration: a Go duration string ("15s")
  kStruct,     // fields listed
  kSlice,      // of `elem`
  kStringMap,  // map[string]string
  kRaw,        // runtime.RawExtension: checked by the caller (plugin args)
};

struct TypeSpec;

struct FieldSpec {
  std::string_view name;
  const TypeSpec* type;
};

struct TypeSpec {
  ValueKind kind;
  std::string_view go_name;  // "KubeSchedulerConfiguration", "int32"
  std::vector<FieldSpec> fields;
  const TypeSpec* elem = nullptr;
};

const TypeSpec& ConfigurationType();
// The args type of in-tree plugin `plugin` ("NodeResourcesFitArgs"), or
// nullptr for plugins without args (their args are kept as written).
const TypeSpec* ArgsType(std::string_view plugin);

struct DecodeProblems {
  std::vector<std::string> unknown_fields;  // "profiles[0].pluginz"
  std::vector<std::string> type_errors;     // Go's messages
};

// Checks `value` against `type`; `path` prefixes the unknown fields reported
// ("" at the top, "profiles[0].pluginConfig[1].args" for plugin args).
void CheckValue(const boost::json::value& value, const TypeSpec& type, const std::string& path,
                DecodeProblems* problems);

}  // namespace kubepp::scheduler::config
