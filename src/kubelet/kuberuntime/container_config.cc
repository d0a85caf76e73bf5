#include "kubelet/kuberuntime/container_config.h"

#include "controllers/util/object_fields.h"
#include "kubelet/kuberuntime/labels.h"
#include "kubelet/kuberuntime/pod_security.h"
#include "kubelet/kuberuntime/security_profiles.h"
#include "kubelet/logs/log_paths.h"
#include "kubelet/pod_fields.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::ArrayAt;
using controllers::util::BoolAt;
using controllers::util::ObjectAt;
using controllers::util::StringAt;

namespace {

// The container's securityContext field, else the pod's.
const json::value* SecurityField(const json::object& pod, const json::object& container, std::string_view key) {
  if (const json::object* sc = ObjectAt(container, {"securityContext"})) {
    if (const json::value* v = sc->if_contains(key); v && !v->is_null()) return v;
  }
  if (const json::object* psc = ObjectAt(pod, {"spec", "securityContext"})) {
    if (const json::value* v = psc->if_contains(key); v && !v->is_null()) return v;
  }
  return nullptr;
}

runtime::v1::MountPropagation Propagation(std::string_view mode) {
  if (mode == "HostToContainer") return runtime::v1::PROPAGATION_HOST_TO_CONTAINER;
  if (mode == "Bidirectional") return runtime::v1::PROPAGATION_BIDIRECTIONAL;
  return runtime::v1::PROPAGATION_PRIVATE;
}

}  // namespace

StatusOr<runtime::v1::ContainerConfig> MakeContainerConfig(const ContainerConfigInputs& in) {
  const json::object& pod = *in.pod;
  const json::object& c = *in.container;
  std::string name(StringAt(c, {"name"}));
  runtime::v1::ContainerConfig config;
  config.mutable_metadata()->set_name(name);
  config.mutable_metadata()->set_attempt(static_cast<uint32_t>(in.restart_count));
  config.mutable_image()->set_image(in.image_ref.empty() ? std::string(StringAt(c, {"image"})) : in.image_ref);
  config.mutable_image()->set_user_specified_image(std::string(StringAt(c, {"image"})));
  for (const auto& s : in.command) *config.add_command() = s;
  for (const auto& s : in.args) *config.add_args() = s;
  config.set_working_dir(std::string(StringAt(c, {"workingDir"})));
  for (const auto& [k, v] : in.env) {
    auto* kv = config.add_envs();
    kv->set_key(k);
    kv->set_value(v);
  }
  for (const auto& m : in.mounts) {
    auto* mount = config.add_mounts();
    mount->set_container_path(m.container_path);
    mount->set_host_path(m.host_path);
    mount->set_readonly(m.read_only);
    mount->set_propagation(Propagation(m.propagation));
  }
  if (!in.termination_message_path.empty()) {
    std::string_view path = StringAt(c, {"terminationMessagePath"});
    auto* mount = config.add_mounts();
    mount->set_container_path(path.empty() ? "/dev/termination-log" : std::string(path));
    mount->set_host_path(in.termination_message_path);
  }
  for (const auto& [k, v] : ContainerLabels(pod, name)) (*config.mutable_labels())[k] = v;
  for (const auto& [k, v] : ContainerAnnotations(pod, c, in.restart_count, in.termination_message_path)) {
    (*config.mutable_annotations())[k] = v;
  }
  config.set_log_path(logs::ContainerLogRelativePath(name, in.restart_count));
  config.set_stdin(BoolAt(c, {"stdin"}, false));
  config.set_stdin_once(BoolAt(c, {"stdinOnce"}, false));
  config.set_tty(BoolAt(c, {"tty"}, false));

  auto* linux = config.mutable_linux();
  auto* res = linux->mutable_resources();
  res->set_cpu_period(in.resources.cpu_period);
  res->set_cpu_quota(in.resources.cpu_quota);
  res->set_cpu_shares(in.resources.cpu_shares);
  res->set_memory_limit_in_bytes(in.resources.memory_limit_bytes);
  res->set_oom_score_adj(in.resources.oom_score_adj);

  auto* sc = linux->mutable_security_context();
  int64_t uid = -1;
  if (const json::value* v = SecurityField(pod, c, "runAsUser"); v && v->is_int64()) {
    uid = v->as_int64();
    sc->mutable_run_as_user()->set_value(uid);
  }
  if (const json::value* v = SecurityField(pod, c, "runAsGroup"); v && v->is_int64()) {
    sc->mutable_run_as_group()->set_value(v->as_int64());
  }
  if (const json::value* v = SecurityField(pod, c, "runAsNonRoot"); v && v->is_bool() && v->as_bool()) {
    // Without an explicit uid the image's user decides; the images kubepp
    // builds run as root, so only an explicit uid can satisfy runAsNonRoot.
    if (uid == 0) {
      return Status::Invalid("container's runAsUser breaks non-root policy (pod: \"" + FormatPod(pod) +
                             "\", container: " + name + ")");
    }
  }
  bool privileged = BoolAt(c, {"securityContext", "privileged"}, false);
  sc->set_privileged(privileged);
  sc->set_readonly_rootfs(BoolAt(c, {"securityContext", "readOnlyRootFilesystem"}, false));
  if (const json::value* v = ObjectAt(c, {"securityContext"}) ? ObjectAt(c, {"securityContext"})->if_contains(
                                                                    "allowPrivilegeEscalation")
                                                              : nullptr;
      v && v->is_bool()) {
    sc->set_no_new_privs(!v->as_bool());
  }
  if (const json::object* caps = ObjectAt(c, {"securityContext", "capabilities"})) {
    auto* cap = sc->mutable_capabilities();
    if (const json::array* add = ArrayAt(*caps, {"add"})) {
      for (const auto& a : *add) {
        if (a.is_string()) *cap->add_add_capabilities() = std::string(a.as_string());
      }
    }
    if (const json::array* drop = ArrayAt(*caps, {"drop"})) {
      for (const auto& d : *drop) {
        if (d.is_string()) *cap->add_drop_capabilities() = std::string(d.as_string());
      }
    }
  }
  AddPodSupplementalGroups(pod, sc->mutable_supplemental_groups());
  *sc->mutable_namespace_options() = PodNamespaceOptions(pod);
  auto seccomp = SeccompProfileFor(pod, &c, in.seccomp_profile_root);
  if (!seccomp.ok()) return seccomp.status();
  *sc->mutable_seccomp() = std::move(*seccomp);
  std::string_view proc_mount = StringAt(c, {"securityContext", "procMount"});
  for (auto& path : MaskedProcPaths(proc_mount)) *sc->add_masked_paths() = std::move(path);
  for (auto& path : ReadonlyProcPaths(proc_mount)) *sc->add_readonly_paths() = std::move(path);
  return config;
}

}  // namespace kubepp::kubelet
