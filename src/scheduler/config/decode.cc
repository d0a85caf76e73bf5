// Decoding a KubeSchedulerConfiguration file: parse, check the kind, decode
// strictly (schema.h), apply the v1 defaults (defaults.h), validate
// (validation.h). See configuration.h.
#include <fstream>
#include <set>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "api/codec/codec.h"
#include "api/protobuf/well_known.h"
#include "scheduler/config/configuration.h"
#include "scheduler/config/defaults.h"
#include "scheduler/config/schema.h"
#include "scheduler/config/validation.h"
#include "scheduler/scheduler.h"

namespace kubepp::scheduler::config {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// Values are present and of their declared type once the strict check passed.
const value* Field(const object& o, std::string_view key) {
  const value* v = o.if_contains(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

std::optional<int64_t> OptInt(const object& o, std::string_view key) {
  const value* v = Field(o, key);
  if (v == nullptr) return std::nullopt;
  return v->is_int64() ? v->get_int64() : static_cast<int64_t>(v->get_uint64());
}

void ReadString(const object& o, std::string_view key, std::string* out) {
  if (const value* v = Field(o, key)) *out = std::string(v->get_string());
}

void ReadBool(const object& o, std::string_view key, bool* out) {
  if (const value* v = Field(o, key)) *out = v->get_bool();
}

void ReadDuration(const object& o, std::string_view key, Clock::Duration* out) {
  const value* v = Field(o, key);
  int64_t nanos = 0;
  if (v != nullptr && api::protobuf::ParseGoDuration(v->get_string(), &nanos)) *out = std::chrono::nanoseconds(nanos);
}

framework::PluginSet ReadPluginSet(const object* set) {
  framework::PluginSet out;
  if (set == nullptr) return out;
  auto each = [&](std::string_view key, const auto& fn) {
    const value* list = Field(*set, key);
    if (list == nullptr) return;
    for (const value& item : list->get_array()) {
      if (const object* p = item.if_object()) fn(*p);
    }
  };
  each("enabled", [&](const object& p) {
    framework::PluginRef ref;
    ReadString(p, "name", &ref.name);
    ref.weight = static_cast<int32_t>(OptInt(p, "weight").value_or(0));
    out.enabled.push_back(std::move(ref));
  });
  each("disabled", [&](const object& p) {
    std::string name;
    ReadString(p, "name", &name);
    out.disabled.push_back(std::move(name));
  });
  return out;
}

framework::PluginsConfig ReadPlugins(const object* plugins) {
  framework::PluginsConfig out;
  if (plugins == nullptr) return out;
  auto set_at = [&](std::string_view key) {
    const value* v = Field(*plugins, key);
    return ReadPluginSet(v ? v->if_object() : nullptr);
  };
  out.multi_point = set_at("multiPoint");
  for (size_t i = 0; i < framework::kExtensionPointCount; ++i) {
    out.points[i] = set_at(framework::ConfigName(static_cast<framework::ExtensionPoint>(i)));
  }
  return out;
}

// The strict decoding of one profile's plugin args: unknown fields are
// strict errors, wrong types and a wrong kind fail outright.
Status CheckArgs(const object& profile, std::vector<std::string>* strict) {
  const value* configs = Field(profile, "pluginConfig");
  if (configs == nullptr) return Status::Ok();
  for (const value& item : configs->get_array()) {
    const object* pc = item.if_object();
    if (pc == nullptr) continue;
    std::string name;
    ReadString(*pc, "name", &name);
    const TypeSpec* type = ArgsType(name);
    const value* args = Field(*pc, "args");
    if (type == nullptr || args == nullptr) continue;
    std::string prefix = "decoding args for plugin " + name + ": ";
    if (!args->is_object()) {
      return Status::Invalid(prefix + "json: cannot unmarshal " + (args->is_string() ? "string" : "value") +
                             " into Go value of type v1." + std::string(type->go_name));
    }
    DecodeProblems problems;
    CheckValue(*args, *type, "", &problems);
    if (!problems.type_errors.empty()) return Status::Invalid(prefix + problems.type_errors.front());
    if (const value* kind = Field(args->get_object(), "kind")) {
      if (kind->get_string() != type->go_name) {
        return Status::Invalid("args for plugin " + name + " were not of type " + std::string(type->go_name) +
                               ".kubescheduler.config.k8s.io, got " + std::string(kind->get_string()) +
                               ".kubescheduler.config.k8s.io");
      }
    }
    if (!problems.unknown_fields.empty()) {
      std::string msg = prefix + "strict decoding error: ";
      for (size_t i = 0; i < problems.unknown_fields.size(); ++i) {
        msg += (i ? ", " : "") + std::string("unknown field \"") + problems.unknown_fields[i] + "\"";
      }
      strict->push_back(std::move(msg));
    }
  }
  return Status::Ok();
}

Profile ReadProfile(const object& p) {
  Profile out;
  if (const value* name = Field(p, "schedulerName")) out.scheduler_name = std::string(name->get_string());
  out.percentage_of_nodes_to_score = OptInt(p, "percentageOfNodesToScore");
  const value* plugins = Field(p, "plugins");
  out.plugins = MergePlugins(ReadPlugins(plugins ? plugins->if_object() : nullptr));
  std::set<std::string> configured;
  if (const value* configs = Field(p, "pluginConfig")) {
    for (const value& item : configs->get_array()) {
      const object* pc = item.if_object();
      if (pc == nullptr) continue;
      PluginConfig entry;
      ReadString(*pc, "name", &entry.name);
      if (const value* args = Field(*pc, "args"); args != nullptr && args->is_object()) entry.args = args->get_object();
      if (ArgsType(entry.name) != nullptr) DefaultPluginArgs(entry.name, entry.args);
      configured.insert(entry.name);
      out.plugin_config.push_back(std::move(entry));
    }
  }
  // Every enabled in-tree plugin with an args type gets its default args.
  for (const std::string& name : EnabledPluginNames(out.plugins)) {
    if (configured.count(name) || ArgsType(name) == nullptr) continue;
    PluginConfig entry{name, object{}};
    DefaultPluginArgs(name, entry.args);
    out.plugin_config.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

StatusOr<Configuration> Decode(std::string_view text) {
  StatusOr<value> parsed = api::ParseYaml(text);
  if (!parsed.ok()) return Status::Invalid(parsed.status().message());
  if (!parsed->is_object()) return Status::Invalid("couldn't decode as KubeSchedulerConfiguration: not an object");
  const object& root = parsed->get_object();
  const value* kind = root.if_contains("kind");
  const value* version = root.if_contains("apiVersion");
  std::string compact = boost::json::serialize(root);
  if (kind == nullptr || !kind->is_string() || kind->get_string().empty()) {
    return Status::Invalid("Object 'Kind' is missing in '" + compact + "'");
  }
  if (version == nullptr || !version->is_string() || version->get_string().empty()) {
    return Status::Invalid("Object 'apiVersion' is missing in '" + compact + "'");
  }
  if (version->get_string() != kApiVersion || kind->get_string() != kKind) {
    return Status::Invalid("no kind \"" + std::string(kind->get_string()) + "\" is registered for version \"" +
                           std::string(version->get_string()) + "\"");
  }

  DecodeProblems problems;
  CheckValue(*parsed, ConfigurationType(), "", &problems);
  if (!problems.type_errors.empty()) return Status::Invalid(problems.type_errors.front());
  std::vector<std::string> strict;
  for (const std::string& f : problems.unknown_fields) strict.push_back("unknown field \"" + f + "\"");
  if (const value* profiles = Field(root, "profiles")) {
    for (const value& p : profiles->get_array()) {
      if (!p.is_object()) continue;
      if (Status st = CheckArgs(p.get_object(), &strict); !st.ok()) return st;
    }
  }
  if (!strict.empty()) {
    std::string msg = "strict decoding error: ";
    for (size_t i = 0; i < strict.size(); ++i) msg += (i ? ", " : "") + strict[i];
    return Status::Invalid(msg);
  }

  Configuration c;
  if (auto v = OptInt(root, "parallelism")) c.parallelism = *v;
  if (const value* le = Field(root, "leaderElection")) {
    const object& o = le->get_object();
    ReadBool(o, "leaderElect", &c.leader_election.leader_elect);
    ReadDuration(o, "leaseDuration", &c.leader_election.lease_duration);
    ReadDuration(o, "renewDeadline", &c.leader_election.renew_deadline);
    ReadDuration(o, "retryPeriod", &c.leader_election.retry_period);
    ReadString(o, "resourceLock", &c.leader_election.resource_lock);
    ReadString(o, "resourceName", &c.leader_election.resource_name);
    ReadString(o, "resourceNamespace", &c.leader_election.resource_namespace);
  }
  if (const value* cc = Field(root, "clientConnection")) {
    const object& o = cc->get_object();
    ReadString(o, "kubeconfig", &c.client_connection.kubeconfig);
    ReadString(o, "acceptContentTypes", &c.client_connection.accept_content_types);
    ReadString(o, "contentType", &c.client_connection.content_type);
    if (const value* qps = Field(o, "qps")) c.client_connection.qps = qps->to_number<double>();
    if (auto burst = OptInt(o, "burst")) c.client_connection.burst = *burst;
  }
  ReadBool(root, "enableProfiling", &c.enable_profiling);
  ReadBool(root, "enableContentionProfiling", &c.enable_contention_profiling);
  c.percentage_of_nodes_to_score = OptInt(root, "percentageOfNodesToScore");
  if (auto v = OptInt(root, "podInitialBackoffSeconds")) c.pod_initial_backoff_seconds = *v;
  if (auto v = OptInt(root, "podMaxBackoffSeconds")) c.pod_max_backoff_seconds = *v;
  if (const value* profiles = Field(root, "profiles")) {
    for (const value& p : profiles->get_array()) {
      if (p.is_object()) c.profiles.push_back(ReadProfile(p.get_object()));
    }
  }
  if (c.profiles.empty()) c.profiles.push_back(ReadProfile(object{}));
  // Only a lone profile gets the default name; several must each name theirs.
  if (c.profiles.size() == 1 && !c.profiles[0].scheduler_name) {
    c.profiles[0].scheduler_name = std::string(kDefaultSchedulerName);
  }
  if (const value* ext = Field(root, "extenders")) c.extenders = ext->get_array().size();
  ReadBool(root, "delayCacheUntilActive", &c.delay_cache_until_active);

  api::validation::ErrorList errors = Validate(c);
  if (!errors.empty()) return Status::Invalid(AggregateMessage(errors));
  return c;
}

StatusOr<Configuration> LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("open " + path + ": no such file or directory");
  std::stringstream text;
  text << in.rdbuf();
  return Decode(text.str());
}

std::vector<framework::ProfileConfig> Profiles(const Configuration& config) {
  std::vector<framework::ProfileConfig> out;
  for (const Profile& p : config.profiles) {
    framework::ProfileConfig pc;
    pc.scheduler_name = p.scheduler_name.value_or("");
    pc.plugins = p.plugins;
    for (const PluginConfig& entry : p.plugin_config) pc.plugin_args.emplace(entry.name, entry.args);
    pc.percentage_of_nodes_to_score =
        static_cast<int>(p.percentage_of_nodes_to_score.value_or(config.percentage_of_nodes_to_score.value_or(0)));
    out.push_back(std::move(pc));
  }
  return out;
}

void ApplyTo(const Configuration& config, SchedulerOptions* options) {
  options->profiles = Profiles(config);
  options->parallelism = static_cast<int>(config.parallelism);
  options->queue.initial_backoff = std::chrono::seconds(config.pod_initial_backoff_seconds);
  options->queue.max_backoff = std::chrono::seconds(config.pod_max_backoff_seconds);
}

}  // namespace kubepp::scheduler::config
