#include "scheduler/config/validation.h"

#include <map>
#include <set>

#include <boost/json/serialize.hpp>

#include "api/protobuf/well_known.h"
#include "base/go_quote.h"
#include "scheduler/config/plugin_args_validation.h"

namespace kubepp::scheduler::config {
namespace {

using api::validation::ErrorList;
using api::validation::FieldPath;
using api::validation::Invalid;
using api::validation::InvalidInt;
using api::validation::InvalidRaw;

// metav1.Duration prints through its String method: "0s", "1m30s".
std::string DurationText(Clock::Duration d) {
  return api::protobuf::FormatGoDuration(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
}

ErrorList ValidateLeaderElection(const LeaderElection& le, const FieldPath& path) {
  ErrorList errs;
  if (!le.leader_elect) return errs;
  if (le.lease_duration <= Clock::Duration::zero()) {
    errs.push_back(InvalidRaw(path.Child("leaseDuration"), DurationText(le.lease_duration), "must be greater than zero"));
  }
  if (le.renew_deadline <= Clock::Duration::zero()) {
    errs.push_back(InvalidRaw(path.Child("renewDeadline"), DurationText(le.renew_deadline), "must be greater than zero"));
  }
  if (le.retry_period <= Clock::Duration::zero()) {
    errs.push_back(InvalidRaw(path.Child("retryPeriod"), DurationText(le.retry_period), "must be greater than zero"));
  }
  if (le.lease_duration <= le.renew_deadline) {
    errs.push_back(InvalidRaw(path.Child("leaseDuration"), DurationText(le.renew_deadline),
                              "LeaseDuration must be greater than RenewDeadline"));
  }
  if (le.resource_lock.empty()) errs.push_back(Invalid(path.Child("resourceLock"), "", "resourceLock is required"));
  if (le.resource_namespace.empty()) {
    errs.push_back(Invalid(path.Child("resourceNamespace"), "", "resourceNamespace is required"));
  }
  if (le.resource_name.empty()) errs.push_back(Invalid(path.Child("resourceName"), "", "resourceName is required"));
  return errs;
}

void ValidatePercentage(const std::optional<int64_t>& pct, const FieldPath& path, ErrorList& errs) {
  if (pct && (*pct < 0 || *pct > 100)) errs.push_back(InvalidInt(path, *pct, "not in valid range [0-100]"));
}

// Go's %#v of a config.PluginSet, as upstream prints the offending queueSort.
std::string GoPluginSet(const framework::PluginSet& set) {
  auto list = [](const std::vector<std::string>& names, const std::vector<int32_t>& weights) {
    if (names.empty()) return std::string("[]config.Plugin(nil)");
    std::string out = "[]config.Plugin{";
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += ", ";
      out += "config.Plugin{Name:" + GoQuote(names[i]) + ", Weight:" + std::to_string(weights[i]) + "}";
    }
    return out + "}";
  };
  std::vector<std::string> en, dis;
  std::vector<int32_t> ew, dw;
  for (const auto& p : set.enabled) {
    en.push_back(p.name);
    ew.push_back(p.weight);
  }
  for (const auto& d : set.disabled) {
    dis.push_back(d);
    dw.push_back(0);
  }
  return "config.PluginSet{Enabled:" + list(en, ew) + ", Disabled:" + list(dis, dw) + "}";
}

bool SamePluginSet(const framework::PluginSet& a, const framework::PluginSet& b) {
  if (a.enabled.size() != b.enabled.size() || a.disabled != b.disabled) return false;
  for (size_t i = 0; i < a.enabled.size(); ++i) {
    if (a.enabled[i].name != b.enabled[i].name || a.enabled[i].weight != b.enabled[i].weight) return false;
  }
  return true;
}

ErrorList ValidateCommonQueueSort(const FieldPath& path, const std::vector<Profile>& profiles) {
  ErrorList errs;
  const framework::PluginSet& canon = profiles[0].plugins.at(framework::ExtensionPoint::kQueueSort);
  std::string name = canon.enabled.empty() ? "" : canon.enabled[0].name;
  if (canon.enabled.size() > 1) {
    errs.push_back(InvalidInt(path.Index(0).Child("plugins", "queueSort", "Enabled"),
                              static_cast<int64_t>(canon.enabled.size()), "only one queue sort plugin can be enabled"));
  }
  const boost::json::object* canon_args = nullptr;
  for (const PluginConfig& pc : profiles[0].plugin_config) {
    if (!name.empty() && pc.name == name) canon_args = &pc.args;
  }
  for (size_t i = 1; i < profiles.size(); ++i) {
    const framework::PluginSet& cur = profiles[i].plugins.at(framework::ExtensionPoint::kQueueSort);
    if (!SamePluginSet(canon, cur)) {
      errs.push_back(InvalidRaw(path.Index(i).Child("plugins", "queueSort"), GoPluginSet(cur),
                                "queueSort must be the same for all profiles"));
    }
    for (const PluginConfig& pc : profiles[i].plugin_config) {
      if (pc.name == name && (canon_args == nullptr || *canon_args != pc.args)) {
        errs.push_back(InvalidRaw(path.Index(i).Child("pluginConfig", "args"), boost::json::serialize(pc.args),
                                  "queueSort must be the same for all profiles"));
      }
    }
  }
  return errs;
}

}  // namespace

ErrorList Validate(const Configuration& c) {
  ErrorList errs;
  if (c.client_connection.burst < 0) {
    errs.push_back(InvalidInt(FieldPath("clientConnection").Child("burst"), c.client_connection.burst,
                              "must be non-negative"));
  }
  FieldPath le_path("leaderElection");
  api::validation::Append(errs, ValidateLeaderElection(c.leader_election, le_path));
  if (c.leader_election.leader_elect && c.leader_election.resource_lock != "leases") {
    errs.push_back(Invalid(le_path.Child("resourceLock"), c.leader_election.resource_lock,
                           "resourceLock value must be \"leases\""));
  }
  if (c.parallelism <= 0) {
    errs.push_back(InvalidInt(FieldPath("parallelism"), c.parallelism, "should be an integer value greater than zero"));
  }
  FieldPath profiles_path("profiles");
  if (c.profiles.empty()) {
    errs.push_back(api::validation::Required(profiles_path, ""));
  } else {
    std::map<std::string, size_t> seen_names;
    for (size_t i = 0; i < c.profiles.size(); ++i) {
      const Profile& p = c.profiles[i];
      FieldPath path = profiles_path.Index(i);
      std::string name = p.scheduler_name.value_or("");
      if (name.empty()) errs.push_back(api::validation::Required(path.Child("schedulerName"), ""));
      ValidatePercentage(p.percentage_of_nodes_to_score, path.Child("percentageOfNodesToScore"), errs);
      std::set<std::string> seen_config;
      for (size_t j = 0; j < p.plugin_config.size(); ++j) {
        FieldPath pc_path = path.Child("pluginConfig").Index(j);
        const PluginConfig& pc = p.plugin_config[j];
        if (!seen_config.insert(pc.name).second) errs.push_back(api::validation::Duplicate(pc_path, pc.name));
        api::validation::Append(errs, ValidatePluginArgs(pc.name, pc.args, pc_path.Child("args")));
      }
      auto dup = seen_names.find(name);
      if (dup != seen_names.end()) {
        // Upstream's bad value is the first profile's field path.
        errs.push_back(api::validation::DuplicateRaw(path.Child("schedulerName"),
                                                     profiles_path.Index(dup->second).Child("schedulerName").String()));
      }
      seen_names[name] = i;
    }
    api::validation::Append(errs, ValidateCommonQueueSort(profiles_path, c.profiles));
  }
  ValidatePercentage(c.percentage_of_nodes_to_score, FieldPath("percentageOfNodesToScore"), errs);
  if (c.pod_initial_backoff_seconds <= 0) {
    errs.push_back(InvalidInt(FieldPath("podInitialBackoffSeconds"), c.pod_initial_backoff_seconds,
                              "must be greater than 0"));
  }
  if (c.pod_max_backoff_seconds < c.pod_initial_backoff_seconds) {
    errs.push_back(InvalidInt(FieldPath("podMaxBackoffSeconds"), c.pod_max_backoff_seconds,
                              "must be greater than or equal to PodInitialBackoffSeconds"));
  }
  if (c.extenders > 0) {
    errs.push_back(api::validation::Forbidden(FieldPath("extenders"), "kubepp does not call scheduler extenders"));
  }
  return errs;
}

std::string AggregateMessage(const ErrorList& errors) {
  std::vector<std::string> messages;
  std::set<std::string> seen;
  for (const auto& e : errors) {
    std::string m = api::validation::ErrorString(e);
    if (seen.insert(m).second) messages.push_back(std::move(m));
  }
  if (messages.size() == 1) return messages[0];
  std::string out = "[";
  for (size_t i = 0; i < messages.size(); ++i) out += (i ? ", " : "") + messages[i];
  return out + "]";
}

}  // namespace kubepp::scheduler::config
