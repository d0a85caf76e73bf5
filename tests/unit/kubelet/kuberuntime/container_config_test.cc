// The CRI security context of a container and of its sandbox: what each
// securityContext field becomes, and what upstream's kubelet fills in when a
// pod says nothing (unconfined seccomp, the default masked and read-only
// /proc paths).
#include "kubelet/kuberuntime/container_config.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "kubelet/kuberuntime/sandbox_config.h"

namespace kubepp::kubelet {
namespace {

namespace json = boost::json;
namespace v1 = ::runtime::v1;

json::object Pod(std::string_view spec) {
  return json::parse(R"({"metadata":{"name":"p","namespace":"ns","uid":"u1"},"spec":)" +
                     std::string(spec) + "}")
      .as_object();
}

// The security context of the pod's first container.
v1::LinuxContainerSecurityContext Security(const json::object& pod) {
  ContainerConfigInputs in;
  in.pod = &pod;
  in.container = &pod.at("spec").at("containers").as_array()[0].as_object();
  in.seccomp_profile_root = "/var/lib/kubepp/seccomp";
  auto config = MakeContainerConfig(in);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? config->linux().security_context() : v1::LinuxContainerSecurityContext();
}

std::vector<std::string> List(const google::protobuf::RepeatedPtrField<std::string>& field) {
  return {field.begin(), field.end()};
}

TEST(ContainerSecurity, NothingSetMeansUnconfinedWithTheDefaultProcMasks) {
  auto sc = Security(Pod(R"({"containers":[{"name":"c","image":"busybox"}]})"));
  EXPECT_FALSE(sc.privileged());
  EXPECT_FALSE(sc.readonly_rootfs());
  EXPECT_FALSE(sc.no_new_privs());
  EXPECT_TRUE(sc.has_seccomp());
  EXPECT_EQ(sc.seccomp().profile_type(), v1::SecurityProfile::Unconfined);
  EXPECT_EQ(List(sc.masked_paths()),
            (std::vector<std::string>{"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
                                      "/proc/latency_stats", "/proc/timer_list",
                                      "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                                      "/sys/firmware", "/sys/devices/virtual/powercap"}));
  EXPECT_EQ(List(sc.readonly_paths()),
            (std::vector<std::string>{"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                      "/proc/sysrq-trigger"}));
  EXPECT_EQ(sc.capabilities().add_capabilities_size(), 0);
  EXPECT_EQ(sc.capabilities().drop_capabilities_size(), 0);
}

TEST(ContainerSecurity, ContainerFieldsReachTheRuntime) {
  auto sc = Security(Pod(R"({"containers":[{"name":"c","image":"busybox","securityContext":{
      "privileged":true,"readOnlyRootFilesystem":true,"allowPrivilegeEscalation":false,
      "capabilities":{"add":["NET_ADMIN","SYS_TIME"],"drop":["ALL"]}}}]})"));
  EXPECT_TRUE(sc.privileged());
  EXPECT_TRUE(sc.readonly_rootfs());
  EXPECT_TRUE(sc.no_new_privs());
  EXPECT_EQ(List(sc.capabilities().add_capabilities()),
            (std::vector<std::string>{"NET_ADMIN", "SYS_TIME"}));
  EXPECT_EQ(List(sc.capabilities().drop_capabilities()), (std::vector<std::string>{"ALL"}));
  EXPECT_FALSE(
      Security(
          Pod(R"({"containers":[{"name":"c","securityContext":{"allowPrivilegeEscalation":true}}]})"))
          .no_new_privs());
}

TEST(ContainerSecurity, UnmaskedProcMountMasksNothing) {
  auto sc =
      Security(Pod(R"({"containers":[{"name":"c","securityContext":{"procMount":"Unmasked"}}]})"));
  EXPECT_EQ(sc.masked_paths_size(), 0);
  EXPECT_EQ(sc.readonly_paths_size(), 0);
}

TEST(ContainerSecurity, SeccompFromTheContainerElseThePod) {
  auto from_pod = Security(Pod(R"({"securityContext":{"seccompProfile":{"type":"RuntimeDefault"}},
                                   "containers":[{"name":"c"}]})"));
  EXPECT_EQ(from_pod.seccomp().profile_type(), v1::SecurityProfile::RuntimeDefault);
  auto container_wins =
      Security(Pod(R"({"securityContext":{"seccompProfile":{"type":"RuntimeDefault"}},
      "containers":[{"name":"c","securityContext":{"seccompProfile":{"type":"Unconfined"}}}]})"));
  EXPECT_EQ(container_wins.seccomp().profile_type(), v1::SecurityProfile::Unconfined);
  auto localhost = Security(Pod(R"({"containers":[{"name":"c","securityContext":{
      "seccompProfile":{"type":"Localhost","localhostProfile":"profiles/audit.json"}}}]})"));
  EXPECT_EQ(localhost.seccomp().profile_type(), v1::SecurityProfile::Localhost);
  EXPECT_EQ(localhost.seccomp().localhost_ref(), "/var/lib/kubepp/seccomp/profiles/audit.json");
}

TEST(ContainerSecurity, LocalhostSeccompWithoutAProfileIsAConfigError) {
  json::object pod = Pod(
      R"({"containers":[{"name":"c","securityContext":{"seccompProfile":{"type":"Localhost"}}}]})");
  ContainerConfigInputs in;
  in.pod = &pod;
  in.container = &pod.at("spec").at("containers").as_array()[0].as_object();
  auto config = MakeContainerConfig(in);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "localhostProfile must be set if seccompProfile type is Localhost.");
}

TEST(SandboxSecurity, PrivilegedIfAnyContainerIsAndSeccompFromThePod) {
  SandboxConfigOptions options;
  options.log_root = "/tmp/logs";
  options.seccomp_profile_root = "/var/lib/kubepp/seccomp";
  auto plain = MakeSandboxConfig(Pod(R"({"containers":[{"name":"a"},{"name":"b"}]})"), 0, options);
  EXPECT_FALSE(plain.linux().security_context().privileged());
  EXPECT_EQ(plain.linux().security_context().seccomp().profile_type(),
            v1::SecurityProfile::Unconfined);
  auto privileged =
      MakeSandboxConfig(Pod(R"({"securityContext":{"seccompProfile":{"type":"RuntimeDefault"}},
              "containers":[{"name":"a"},{"name":"b","securityContext":{"privileged":true}}]})"),
                        0, options);
  EXPECT_TRUE(privileged.linux().security_context().privileged());
  EXPECT_EQ(privileged.linux().security_context().seccomp().profile_type(),
            v1::SecurityProfile::RuntimeDefault);
}

}  // namespace
}  // namespace kubepp::kubelet
