// What a pod's containers share with its sandbox: namespaces and groups.
#include "kubelet/kuberuntime/pod_security.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace kubepp::kubelet {
namespace {

boost::json::object Pod(std::string_view spec) {
  return boost::json::parse(std::string(R"({"metadata":{"name":"p"},"spec":)") + std::string(spec) + "}").as_object();
}

TEST(PodSecurity, NamespacesFollowTheHostFlags) {
  auto plain = PodNamespaceOptions(Pod(R"({})"));
  EXPECT_EQ(plain.network(), runtime::v1::POD);
  EXPECT_EQ(plain.ipc(), runtime::v1::POD);
  EXPECT_EQ(plain.pid(), runtime::v1::CONTAINER);

  auto host = PodNamespaceOptions(Pod(R"({"hostNetwork":true,"hostIPC":true,"hostPID":true,"shareProcessNamespace":true})"));
  EXPECT_EQ(host.network(), runtime::v1::NODE);
  EXPECT_EQ(host.ipc(), runtime::v1::NODE);
  EXPECT_EQ(host.pid(), runtime::v1::NODE);  // hostPID wins over sharing the pod's

  EXPECT_EQ(PodNamespaceOptions(Pod(R"({"shareProcessNamespace":true})")).pid(), runtime::v1::POD);
}

TEST(PodSecurity, SupplementalGroupsThenFsGroup) {
  runtime::v1::LinuxContainerSecurityContext sc;
  AddPodSupplementalGroups(Pod(R"({"securityContext":{"supplementalGroups":[5,6],"fsGroup":2000}})"),
                           sc.mutable_supplemental_groups());
  ASSERT_EQ(sc.supplemental_groups_size(), 3);
  EXPECT_EQ(sc.supplemental_groups(0), 5);
  EXPECT_EQ(sc.supplemental_groups(1), 6);
  EXPECT_EQ(sc.supplemental_groups(2), 2000);

  runtime::v1::LinuxContainerSecurityContext none;
  AddPodSupplementalGroups(Pod(R"({})"), none.mutable_supplemental_groups());
  EXPECT_EQ(none.supplemental_groups_size(), 0);
}

}  // namespace
}  // namespace kubepp::kubelet
