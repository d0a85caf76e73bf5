#include "kubelet/volumes/persistent_claim.h"

#include <gtest/gtest.h>

#include "fakes/fake_api_client.h"
#include "kubelet/volumes/volume_paths.h"
#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::volumes {
namespace {

using client::Resource;
using kubelet::testing::Json;

class PersistentClaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_ = fakes::FakeApiClient::Create(clock_);
    getter_ = NewApiObjectGetter(*api_);
  }
  // Seeds a claim and returns its uid.
  std::string Claim(const std::string& json) {
    return std::string(
        client::UidOf(*api_->Seed(Resource::Of("", "persistentvolumeclaims"), Json(json))));
  }
  void Volume(const std::string& json) {
    api_->Seed(Resource::Of("", "persistentvolumes"), Json(json));
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  std::unique_ptr<ObjectGetter> getter_;
  boost::json::object pod_ =
      Json(R"({"metadata":{"name":"db-0","namespace":"ns","uid":"pod-uid"}})");
};

TEST_F(PersistentClaimTest, ResolvesBoundHostPathAndLocalVolumes) {
  std::string uid =
      Claim(R"({"metadata":{"name":"data","namespace":"ns"},"spec":{"volumeName":"pv-1"},
      "status":{"phase":"Bound"}})");
  Volume(
      R"({"metadata":{"name":"pv-1"},"spec":{"hostPath":{"path":"/srv/data","type":"DirectoryOrCreate"},
      "claimRef":{"namespace":"ns","name":"data","uid":")" +
      uid + R"("}}})");
  auto claimed = ResolveClaim(pod_, "data", true, false, *getter_);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  EXPECT_EQ(claimed->plugin, kHostPathPlugin);
  EXPECT_EQ(claimed->pv_name, "pv-1");
  EXPECT_EQ(claimed->host_path, "/srv/data");
  EXPECT_EQ(claimed->host_path_type, "DirectoryOrCreate");
  EXPECT_EQ(claimed->volume_mode, "Filesystem");
  EXPECT_TRUE(claimed->read_only);

  std::string local_uid =
      Claim(R"({"metadata":{"name":"fast","namespace":"ns"},"spec":{"volumeName":"local-1"},
      "status":{"phase":"Bound"}})");
  Volume(R"({"metadata":{"name":"local-1"},"spec":{"local":{"path":"/tmp"},
      "claimRef":{"uid":")" +
         local_uid + R"("}}})");
  auto local = ResolveClaim(pod_, "fast", false, false, *getter_);
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  EXPECT_EQ(local->plugin, kLocalVolumePlugin);
  EXPECT_EQ(local->host_path, "/tmp");
  EXPECT_FALSE(local->read_only);
}

TEST_F(PersistentClaimTest, ErrorsAsUpstream) {
  auto missing = ResolveClaim(pod_, "nope", false, false, *getter_);
  EXPECT_TRUE(missing.status().IsNotFound());
  EXPECT_EQ(missing.status().message(),
            "error processing PVC ns/nope: failed to fetch PVC from API server: "
            "persistentvolumeclaims \"nope\" not found");

  Claim(R"({"metadata":{"name":"pending","namespace":"ns"},"status":{"phase":"Pending"}})");
  EXPECT_EQ(ResolveClaim(pod_, "pending", false, false, *getter_).status().message(),
            "error processing PVC ns/pending: PVC is not bound");

  Claim(R"({"metadata":{"name":"novol","namespace":"ns"},"status":{"phase":"Bound"}})");
  EXPECT_EQ(ResolveClaim(pod_, "novol", false, false, *getter_).status().message(),
            "error processing PVC ns/novol: PVC has empty pvc.Spec.VolumeName");

  Claim(
      R"({"metadata":{"name":"nopv","namespace":"ns"},"spec":{"volumeName":"ghost"},"status":{"phase":"Bound"}})");
  EXPECT_EQ(ResolveClaim(pod_, "nopv", false, false, *getter_).status().message(),
            "error processing PVC ns/nopv: failed to fetch PV ghost from API server: "
            "persistentvolumes \"ghost\" not found");

  Claim(
      R"({"metadata":{"name":"unbound-pv","namespace":"ns"},"spec":{"volumeName":"free"},"status":{"phase":"Bound"}})");
  Volume(R"({"metadata":{"name":"free"},"spec":{"hostPath":{"path":"/x"}}})");
  EXPECT_EQ(
      ResolveClaim(pod_, "unbound-pv", false, false, *getter_).status().message(),
      "error processing PVC ns/unbound-pv: found PV object free but it has a nil pv.Spec.ClaimRef "
      "indicating it is not yet bound to the claim");

  std::string uid =
      Claim(R"({"metadata":{"name":"stolen","namespace":"ns"},"spec":{"volumeName":"taken"},
      "status":{"phase":"Bound"}})");
  Volume(
      R"({"metadata":{"name":"taken"},"spec":{"hostPath":{"path":"/x"},"claimRef":{"uid":"other"}}})");
  EXPECT_EQ(ResolveClaim(pod_, "stolen", false, false, *getter_).status().message(),
            "error processing PVC ns/stolen: found PV object taken but its pv.Spec.ClaimRef.UID "
            "other does not "
            "point to claim.UID " +
                uid);

  std::string nfs_uid =
      Claim(R"({"metadata":{"name":"nfs","namespace":"ns"},"spec":{"volumeName":"nfs-pv"},
      "status":{"phase":"Bound"}})");
  Volume(
      R"({"metadata":{"name":"nfs-pv"},"spec":{"nfs":{"server":"s","path":"/"},"claimRef":{"uid":")" +
      nfs_uid + R"("}}})");
  EXPECT_EQ(ResolveClaim(pod_, "nfs", false, false, *getter_).status().message(),
            "no volume plugin matched");
}

TEST_F(PersistentClaimTest, EphemeralClaimMustBelongToThePod) {
  std::string uid = Claim(R"({"metadata":{"name":"db-0-scratch","namespace":"ns",
      "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"db-0","uid":"someone-else","controller":true}]},
      "spec":{"volumeName":"pv-e"},"status":{"phase":"Bound"}})");
  Volume(R"({"metadata":{"name":"pv-e"},"spec":{"hostPath":{"path":"/x"},"claimRef":{"uid":")" +
         uid + R"("}}})");
  EXPECT_EQ(ResolveClaim(pod_, "db-0-scratch", false, true, *getter_).status().message(),
            "PVC ns/db-0-scratch was not created for pod ns/db-0 (pod is not owner)");
  EXPECT_TRUE(ResolveClaim(pod_, "db-0-scratch", false, false, *getter_).ok());
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
