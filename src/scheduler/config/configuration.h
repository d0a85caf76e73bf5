// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): the file
// `kubepp scheduler --config` and `kubepp server --scheduler-config` read,
// decoded the way kube-scheduler v1.32 decodes it:
//
//   1. YAML or JSON; apiVersion kubescheduler.config.k8s.io/v1 and kind
//      KubeSchedulerConfiguration are required;
//   2. strict: unknown fields, also inside the in-tree plugins' args, are
//      errors; values of the wrong type fail with Go's json message;
//   3. v1 defaults: parallelism 16, back-off 1 s / 10 s, leader election on
//      the kube-system/kube-scheduler Lease, one "default-scheduler" profile
//      when none is given, each profile's plugins merged into the default
//      multiPoint set (defaults.h), every in-tree plugin's args defaulted;
//   4. validation with upstream's field paths and messages (validation.h),
//      all errors reported together.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "scheduler/framework/profile_config.h"

namespace kubepp::scheduler {
struct SchedulerOptions;
}

namespace kubepp::scheduler::config {

inline constexpr std::string_view kApiVersion = "kubescheduler.config.k8s.io/v1";
inline constexpr std::string_view kKind = "KubeSchedulerConfiguration";
inline constexpr std::string_view kDefaultSchedulerName = "default-scheduler";

struct LeaderElection {
  bool leader_elect = true;
  Clock::Duration lease_duration = std::chrono::seconds(15);
  Clock::Duration renew_deadline = std::chrono::seconds(10);
  Clock::Duration retry_period = std::chrono::seconds(2);
  std::string resource_lock = "leases";
  std::string resource_name = "kube-scheduler";
  std::string resource_namespace = "kube-system";
};

struct ClientConnection {
  std::string kubeconfig;
  std::string accept_content_types;
  std::string content_type = "application/vnd.kubernetes.protobuf";
  double qps = 50;
  int64_t burst = 100;
};

struct PluginConfig {
  std::string name;
  boost::json::object args;  // defaulted when the plugin is an in-tree one with args
};

struct Profile {
  std::optional<std::string> scheduler_name;
  std::optional<int64_t> percentage_of_nodes_to_score;
  // The default multiPoint set with this profile's sets merged in.
  framework::PluginsConfig plugins;
  std::vector<PluginConfig> plugin_config;
};

struct Configuration {
  int64_t parallelism = 16;
  LeaderElection leader_election;
  ClientConnection client_connection;
  bool enable_profiling = true;
  bool enable_contention_profiling = true;
  std::optional<int64_t> percentage_of_nodes_to_score;
  int64_t pod_initial_backoff_seconds = 1;
  int64_t pod_max_backoff_seconds = 10;
  std::vector<Profile> profiles;
  size_t extenders = 0;  // kubepp calls no extenders; validation rejects any
  bool delay_cache_until_active = false;
};

// Decodes, defaults and validates a configuration file's text. Invalid with
// upstream's message on any failure.
StatusOr<Configuration> Decode(std::string_view text);
// Decode of the file at `path`.
StatusOr<Configuration> LoadFile(const std::string& path);

// The profiles of `config` as the Framework builds them: plugin sets, args by
// plugin name, percentageOfNodesToScore (the profile's, else the global one).
std::vector<framework::ProfileConfig> Profiles(const Configuration& config);
// Sets what `config` decides in `options`: profiles, parallelism, back-off.
void ApplyTo(const Configuration& config, SchedulerOptions* options);

}  // namespace kubepp::scheduler::config
