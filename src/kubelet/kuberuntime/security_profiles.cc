#include "kubelet/kuberuntime/security_profiles.h"

#include "controllers/util/object_fields.h"

namespace kubepp::kubelet {

namespace json = boost::json;
namespace v1 = ::runtime::v1;
using controllers::util::ObjectAt;
using controllers::util::StringAt;

StatusOr<v1::SecurityProfile> SeccompProfileFor(const json::object& pod,
                                                const json::object* container,
                                                std::string_view profile_root) {
  const json::object* field =
      container ? ObjectAt(*container, {"securityContext", "seccompProfile"}) : nullptr;
  if (!field) field = ObjectAt(pod, {"spec", "securityContext", "seccompProfile"});
  v1::SecurityProfile profile;
  profile.set_profile_type(v1::SecurityProfile::Unconfined);
  if (!field) return profile;
  std::string_view type = StringAt(*field, {"type"});
  if (type == "RuntimeDefault") {
    profile.set_profile_type(v1::SecurityProfile::RuntimeDefault);
  } else if (type == "Localhost") {
    const json::value* name = field->if_contains("localhostProfile");
    if (!name || !name->is_string()) {
      return Status::Invalid("localhostProfile must be set if seccompProfile type is Localhost.");
    }
    profile.set_profile_type(v1::SecurityProfile::Localhost);
    profile.set_localhost_ref(std::string(profile_root) + "/" + std::string(name->as_string()));
  }
  return profile;
}

std::vector<std::string> MaskedProcPaths(std::string_view proc_mount) {
  if (proc_mount == "Unmasked") return {};
  return {"/proc/asound",
          "/proc/acpi",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/proc/scsi",
          "/sys/firmware",
          "/sys/devices/virtual/powercap"};
}

std::vector<std::string> ReadonlyProcPaths(std::string_view proc_mount) {
  if (proc_mount == "Unmasked") return {};
  return {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
}

}  // namespace kubepp::kubelet
