#include "scheduler/config/schema.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "api/protobuf/well_known.h"

namespace kubepp::scheduler::config {
namespace {

const TypeSpec kString{ValueKind::kString, "string", {}};
const TypeSpec kInt32{ValueKind::kInt32, "int32", {}};
const TypeSpec kInt64{ValueKind::kInt64, "int64", {}};
const TypeSpec kFloat32{ValueKind::kFloat32, "float32", {}};
const TypeSpec kBool{ValueKind::kBool, "bool", {}};
const TypeSpec kDuration{ValueKind::kDuration, "Duration", {}};
const TypeSpec kRaw{ValueKind::kRaw, "RawExtension", {}};
const TypeSpec kStringMap{ValueKind::kStringMap, "map[string]string", {}, &kString};
const TypeSpec kStrings{ValueKind::kSlice, "[]string", {}, &kString};

// ---- core/v1 and meta/v1 types that plugin args embed ----

const TypeSpec& LabelSelectorType() {
  static const TypeSpec requirement{ValueKind::kStruct,
                                    "LabelSelectorRequirement",
                                    {{"key", &kString}, {"operator", &kString}, {"values", &kStrings}}};
  static const TypeSpec requirements{ValueKind::kSlice, "[]LabelSelectorRequirement", {}, &requirement};
  static const TypeSpec t{ValueKind::kStruct,
                          "LabelSelector",
                          {{"matchLabels", &kStringMap}, {"matchExpressions", &requirements}}};
  return t;
}

const TypeSpec& TopologySpreadConstraintsType() {
  static const TypeSpec c{ValueKind::kStruct,
                          "TopologySpreadConstraint",
                          {{"maxSkew", &kInt32},
                           {"topologyKey", &kString},
                           {"whenUnsatisfiable", &kString},
                           {"labelSelector", &LabelSelectorType()},
                           {"minDomains", &kInt32},
                           {"nodeAffinityPolicy", &kString},
                           {"nodeTaintsPolicy", &kString},
                           {"matchLabelKeys", &kStrings}}};
  static const TypeSpec t{ValueKind::kSlice, "[]TopologySpreadConstraint", {}, &c};
  return t;
}

const TypeSpec& NodeSelectorTermType() {
  static const TypeSpec requirement{ValueKind::kStruct,
                                    "NodeSelectorRequirement",
                                    {{"key", &kString}, {"operator", &kString}, {"values", &kStrings}}};
  static const TypeSpec requirements{ValueKind::kSlice, "[]NodeSelectorRequirement", {}, &requirement};
  static const TypeSpec t{ValueKind::kStruct,
                          "NodeSelectorTerm",
                          {{"matchExpressions", &requirements}, {"matchFields", &requirements}}};
  return t;
}

const TypeSpec& NodeAffinityType() {
  static const TypeSpec terms{ValueKind::kSlice, "[]NodeSelectorTerm", {}, &NodeSelectorTermType()};
  static const TypeSpec selector{ValueKind::kStruct, "NodeSelector", {{"nodeSelectorTerms", &terms}}};
  static const TypeSpec preferred{ValueKind::kStruct,
                                  "PreferredSchedulingTerm",
                                  {{"weight", &kInt32}, {"preference", &NodeSelectorTermType()}}};
  static const TypeSpec preferred_list{ValueKind::kSlice, "[]PreferredSchedulingTerm", {}, &preferred};
  static const TypeSpec t{ValueKind::kStruct,
                          "NodeAffinity",
                          {{"requiredDuringSchedulingIgnoredDuringExecution", &selector},
                           {"preferredDuringSchedulingIgnoredDuringExecution", &preferred_list}}};
  return t;
}

// ---- plugin args ----

const TypeSpec& ResourceSpecsType() {
  static const TypeSpec r{ValueKind::kStruct, "ResourceSpec", {{"name", &kString}, {"weight", &kInt64}}};
  static const TypeSpec t{ValueKind::kSlice, "[]ResourceSpec", {}, &r};
  return t;
}

const TypeSpec& ShapeType() {
  static const TypeSpec p{ValueKind::kStruct,
                          "UtilizationShapePoint",
                          {{"utilization", &kInt32}, {"score", &kInt32}}};
  static const TypeSpec t{ValueKind::kSlice, "[]UtilizationShapePoint", {}, &p};
  return t;
}

// Every args type also carries its TypeMeta (apiVersion, kind).
TypeSpec Args(std::string_view go_name, std::vector<FieldSpec> fields) {
  fields.insert(fields.begin(), {{"apiVersion", &kString}, {"kind", &kString}});
  return TypeSpec{ValueKind::kStruct, go_name, std::move(fields)};
}

const TypeSpec& NodeResourcesFitArgsType() {
  static const TypeSpec ratio{ValueKind::kStruct, "RequestedToCapacityRatioParam", {{"shape", &ShapeType()}}};
  static const TypeSpec strategy{ValueKind::kStruct,
                                 "ScoringStrategy",
                                 {{"type", &kString},
                                  {"resources", &ResourceSpecsType()},
                                  {"requestedToCapacityRatio", &ratio}}};
  static const TypeSpec t = Args("NodeResourcesFitArgs", {{"ignoredResources", &kStrings},
                                                          {"ignoredResourceGroups", &kStrings},
                                                          {"scoringStrategy", &strategy}});
  return t;
}

// ---- the configuration ----

const TypeSpec& ProfilesType() {
  static const TypeSpec plugin{ValueKind::kStruct, "Plugin", {{"name", &kString}, {"weight", &kInt32}}};
  static const TypeSpec plugin_list{ValueKind::kSlice, "[]Plugin", {}, &plugin};
  static const TypeSpec set{ValueKind::kStruct, "PluginSet", {{"enabled", &plugin_list}, {"disabled", &plugin_list}}};
  static const TypeSpec plugins{ValueKind::kStruct,
                                "Plugins",
                                {{"preEnqueue", &set},
                                 {"queueSort", &set},
                                 {"preFilter", &set},
                                 {"filter", &set},
                                 {"postFilter", &set},
                                 {"preScore", &set},
                                 {"score", &set},
                                 {"reserve", &set},
                                 {"permit", &set},
                                 {"preBind", &set},
                                 {"bind", &set},
                                 {"postBind", &set},
                                 {"multiPoint", &set}}};
  static const TypeSpec plugin_config{ValueKind::kStruct, "PluginConfig", {{"name", &kString}, {"args", &kRaw}}};
  static const TypeSpec plugin_configs{ValueKind::kSlice, "[]PluginConfig", {}, &plugin_config};
  static const TypeSpec profile{ValueKind::kStruct,
                                "KubeSchedulerProfile",
                                {{"schedulerName", &kString},
                                 {"percentageOfNodesToScore", &kInt32},
                                 {"plugins", &plugins},
                                 {"pluginConfig", &plugin_configs}}};
  static const TypeSpec t{ValueKind::kSlice, "[]KubeSchedulerProfile", {}, &profile};
  return t;
}

const TypeSpec& ExtendersType() {
  static const TypeSpec tls{ValueKind::kStruct,
                            "ExtenderTLSConfig",
                            {{"insecure", &kBool},
                             {"serverName", &kString},
                             {"certFile", &kString},
                             {"keyFile", &kString},
                             {"caFile", &kString},
                             {"certData", &kString},
                             {"keyData", &kString},
                             {"caData", &kString}}};
  static const TypeSpec managed{ValueKind::kStruct,
                                "ExtenderManagedResource",
                                {{"name", &kString}, {"ignoredByScheduler", &kBool}}};
  static const TypeSpec managed_list{ValueKind::kSlice, "[]ExtenderManagedResource", {}, &managed};
  static const TypeSpec extender{ValueKind::kStruct,
                                 "Extender",
                                 {{"urlPrefix", &kString},
                                  {"filterVerb", &kString},
                                  {"preemptVerb", &kString},
                                  {"prioritizeVerb", &kString},
                                  {"weight", &kInt64},
                                  {"bindVerb", &kString},
                                  {"enableHTTPS", &kBool},
                                  {"tlsConfig", &tls},
                                  {"httpTimeout", &kDuration},
                                  {"nodeCacheCapable", &kBool},
                                  {"managedResources", &managed_list},
                                  {"ignorable", &kBool}}};
  static const TypeSpec t{ValueKind::kSlice, "[]Extender", {}, &extender};
  return t;
}

std::string JsonKind(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::bool_:
      return "bool";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
    case boost::json::kind::int64:
      return "number " + std::to_string(v.get_int64());
    case boost::json::kind::uint64:
      return "number " + std::to_string(v.get_uint64());
    case boost::json::kind::double_: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", v.get_double());
      return std::string("number ") + buf;
    }
    case boost::json::kind::null:
      return "null";
  }
  return "value";
}

bool FitsInt(const boost::json::value& v, int64_t lo, int64_t hi) {
  if (v.is_int64()) return v.get_int64() >= lo && v.get_int64() <= hi;
  if (v.is_uint64()) return v.get_uint64() <= static_cast<uint64_t>(hi);
  return false;
}

}  // namespace

const TypeSpec& ConfigurationType() {
  static const TypeSpec leader{ValueKind::kStruct,
                               "LeaderElectionConfiguration",
                               {{"leaderElect", &kBool},
                                {"leaseDuration", &kDuration},
                                {"renewDeadline", &kDuration},
                                {"retryPeriod", &kDuration},
                                {"resourceLock", &kString},
                                {"resourceName", &kString},
                                {"resourceNamespace", &kString}}};
  static const TypeSpec client{ValueKind::kStruct,
                               "ClientConnectionConfiguration",
                               {{"kubeconfig", &kString},
                                {"acceptContentTypes", &kString},
                                {"contentType", &kString},
                                {"qps", &kFloat32},
                                {"burst", &kInt32}}};
  static const TypeSpec t{ValueKind::kStruct,
                          "KubeSchedulerConfiguration",
                          {{"apiVersion", &kString},
                           {"kind", &kString},
                           {"parallelism", &kInt32},
                           {"leaderElection", &leader},
                           {"clientConnection", &client},
                           {"enableProfiling", &kBool},
                           {"enableContentionProfiling", &kBool},
                           {"percentageOfNodesToScore", &kInt32},
                           {"podInitialBackoffSeconds", &kInt64},
                           {"podMaxBackoffSeconds", &kInt64},
                           {"profiles", &ProfilesType()},
                           {"extenders", &ExtendersType()},
                           {"delayCacheUntilActive", &kBool}}};
  return t;
}

const TypeSpec* ArgsType(std::string_view plugin) {
  static const TypeSpec preemption = Args("DefaultPreemptionArgs", {{"minCandidateNodesPercentage", &kInt32},
                                                                    {"minCandidateNodesAbsolute", &kInt32}});
  static const TypeSpec affinity = Args("InterPodAffinityArgs", {{"hardPodAffinityWeight", &kInt32},
                                                                 {"ignorePreferredTermsOfExistingPods", &kBool}});
  static const TypeSpec spread = Args("PodTopologySpreadArgs", {{"defaultConstraints", &TopologySpreadConstraintsType()},
                                                                {"defaultingType", &kString}});
  static const TypeSpec balanced =
      Args("NodeResourcesBalancedAllocationArgs", {{"resources", &ResourceSpecsType()}});
  static const TypeSpec node_affinity = Args("NodeAffinityArgs", {{"addedAffinity", &NodeAffinityType()}});
  static const TypeSpec volume_binding =
      Args("VolumeBindingArgs", {{"bindTimeoutSeconds", &kInt64}, {"shape", &ShapeType()}});
  if (plugin == "DefaultPreemption") return &preemption;
  if (plugin == "InterPodAffinity") return &affinity;
  if (plugin == "NodeResourcesFit") return &NodeResourcesFitArgsType();
  if (plugin == "PodTopologySpread") return &spread;
  if (plugin == "NodeResourcesBalancedAllocation") return &balanced;
  if (plugin == "NodeAffinity") return &node_affinity;
  if (plugin == "VolumeBinding") return &volume_binding;
  return nullptr;
}

namespace {

// `path` names the value for unknown-field reports (with indices); Go's
// type errors name the innermost struct and the field path without them.
void Check(const boost::json::value& value, const TypeSpec& type, const std::string& path,
           const std::string& field_path, std::string_view in_struct, DecodeProblems* problems) {
  if (value.is_null()) return;  // Go leaves the field at its zero value
  auto mismatch = [&] {
    problems->type_errors.push_back("json: cannot unmarshal " + JsonKind(value) + " into Go struct field " +
                                    std::string(in_struct) + "." + field_path + " of type " +
                                    std::string(type.go_name));
  };
  switch (type.kind) {
    case ValueKind::kString:
      if (!value.is_string()) mismatch();
      return;
    case ValueKind::kBool:
      if (!value.is_bool()) mismatch();
      return;
    case ValueKind::kInt32:
      if (!FitsInt(value, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max())) mismatch();
      return;
    case ValueKind::kInt64:
      if (!FitsInt(value, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max())) mismatch();
      return;
    case ValueKind::kFloat32:
      if (!value.is_number()) mismatch();
      return;
    case ValueKind::kDuration: {
      if (!value.is_string()) {
        problems->type_errors.push_back("json: cannot unmarshal " + JsonKind(value) + " into Go value of type string");
        return;
      }
      int64_t nanos = 0;
      if (!api::protobuf::ParseGoDuration(value.get_string(), &nanos)) {
        problems->type_errors.push_back("time: invalid duration \"" + std::string(value.get_string()) + "\"");
      }
      return;
    }
    case ValueKind::kRaw:
      return;
    case ValueKind::kStringMap:
      if (!value.is_object()) {
        mismatch();
        return;
      }
      for (const auto& kv : value.get_object()) {
        Check(kv.value(), kString, path + "." + std::string(kv.key()), field_path, in_struct, problems);
      }
      return;
    case ValueKind::kSlice: {
      if (!value.is_array()) {
        mismatch();
        return;
      }
      const auto& items = value.get_array();
      for (size_t i = 0; i < items.size(); ++i) {
        Check(items[i], *type.elem, path + "[" + std::to_string(i) + "]", field_path, in_struct, problems);
      }
      return;
    }
    case ValueKind::kStruct: {
      if (!value.is_object()) {
        mismatch();
        return;
      }
      for (const auto& kv : value.get_object()) {
        std::string_view key = kv.key();
        const FieldSpec* field = nullptr;
        for (const FieldSpec& f : type.fields) {
          if (f.name == key) field = &f;
        }
        std::string child = path.empty() ? std::string(key) : path + "." + std::string(key);
        if (field == nullptr) {
          problems->unknown_fields.push_back(child);
          continue;
        }
        std::string child_field = field_path.empty() ? std::string(key) : field_path + "." + std::string(key);
        Check(kv.value(), *field->type, child, child_field, type.go_name, problems);
      }
      return;
    }
  }
}

}  // namespace

void CheckValue(const boost::json::value& value, const TypeSpec& type, const std::string& path,
                DecodeProblems* problems) {
  Check(value, type, path, "", type.go_name, problems);
}

}  // namespace kubepp::scheduler::config
