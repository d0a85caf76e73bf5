#include "controllers/common/owner_refs.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "controllers/common/fields.h"
#include "controllers/common/pod_control.h"
#include "fakes/fake_api_client.h"
#include "fakes/recording_event_recorder.h"

namespace kubepp::controllers::common {
namespace {

boost::json::object Json(std::string_view text) { return boost::json::parse(text).as_object(); }

class OwnerRefsTest : public ::testing::Test {
 protected:
  OwnerRefsTest() : api_(fakes::FakeApiClient::Create(clock_)) {
    rs_ = api_->Seed(rss_, Json(R"({"apiVersion":"apps/v1","kind":"ReplicaSet",
        "metadata":{"name":"web","namespace":"ns"},
        "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                "template":{"metadata":{"labels":{"app":"web"},"annotations":{"a":"b"}},
                            "spec":{"containers":[{"name":"c","image":"i"}]}}}})"));
  }

  client::ObjectPtr SeedPod(std::string name, std::string app, const boost::json::object* owner_ref = nullptr) {
    boost::json::object pod = Json(R"({"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"ns"},"spec":{}})");
    pod["metadata"].as_object()["name"] = name;
    pod["metadata"].as_object()["labels"] = {{"app", app}};
    if (owner_ref) pod["metadata"].as_object()["ownerReferences"] = boost::json::array{*owner_ref};
    return api_->Seed(pods_, std::move(pod));
  }

  ControllerRefManager Manager() {
    return ControllerRefManager(*api_, pods_, *rs_, "apps/v1", "ReplicaSet",
                                *api::LabelSelector::FromObject(Json(R"({"matchLabels":{"app":"web"}})")),
                                RecheckDeletionTimestamp(*api_, rss_, *rs_));
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  client::Resource pods_ = client::Resource::Of("", "pods");
  client::Resource rss_ = client::Resource::Of("apps", "replicasets");
  client::ObjectPtr rs_;
};

TEST_F(OwnerRefsTest, AdoptsMatchingOrphans) {
  auto orphan = SeedPod("orphan", "web");
  auto stranger = SeedPod("stranger", "db");
  auto claimed = Manager().Claim({orphan, stranger});
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->size(), 1u);
  auto fresh = api_->Get(pods_, "ns", "orphan");
  ASSERT_TRUE(fresh.ok());
  const boost::json::object* ref = GetControllerOf(**fresh);
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(Str(ref, "uid"), client::UidOf(*rs_));
  EXPECT_EQ(Str(ref, "kind"), "ReplicaSet");
  EXPECT_EQ(Bool(ref, "blockOwnerDeletion"), true);
  EXPECT_EQ(GetControllerOf(**api_->Get(pods_, "ns", "stranger")), nullptr);
}

TEST_F(OwnerRefsTest, ReleasesOwnedPodsThatNoLongerMatch) {
  boost::json::object ref = NewControllerRef(*rs_, "apps/v1", "ReplicaSet");
  auto kept = SeedPod("kept", "web", &ref);
  auto relabeled = SeedPod("relabeled", "other", &ref);
  auto claimed = Manager().Claim({kept, relabeled});
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(client::NameOf(*claimed->front()), "kept");
  EXPECT_EQ(GetControllerOf(**api_->Get(pods_, "ns", "relabeled")), nullptr);
}

TEST_F(OwnerRefsTest, LeavesOtherControllersPodsAlone) {
  boost::json::object other = Json(R"({"apiVersion":"apps/v1","kind":"ReplicaSet","name":"x","uid":"other",
                                      "controller":true})");
  auto theirs = SeedPod("theirs", "web", &other);
  api_->ClearActions();
  auto claimed = Manager().Claim({theirs});
  ASSERT_TRUE(claimed.ok());
  EXPECT_TRUE(claimed->empty());
  EXPECT_TRUE(api_->Actions().empty());
}

TEST_F(OwnerRefsTest, RefusesToAdoptForAnOwnerBeingReplaced) {
  auto orphan = SeedPod("orphan", "web");
  ASSERT_TRUE(api_->Delete(rss_, "ns", "web").ok());
  auto claimed = Manager().Claim({orphan});
  EXPECT_FALSE(claimed.ok());
  EXPECT_EQ(GetControllerOf(**api_->Get(pods_, "ns", "orphan")), nullptr);
}

TEST_F(OwnerRefsTest, PodControlCreatesFromTemplateAndRecordsEvents) {
  fakes::RecordingEventRecorder recorder;
  RealPodControl control(*api_, recorder);
  boost::json::object ref = NewControllerRef(*rs_, "apps/v1", "ReplicaSet");
  ASSERT_TRUE(control.CreatePod("ns", *ObjAt(*rs_, {"spec", "template"}), *rs_, ref).ok());
  auto pods = api_->List(pods_, "ns", {});
  ASSERT_TRUE(pods.ok());
  ASSERT_EQ(pods->items.size(), 1u);
  const boost::json::object& pod = *pods->items[0];
  EXPECT_EQ(StrAt(pod, {"metadata", "generateName"}), "web-");
  EXPECT_EQ(StrAt(pod, {"metadata", "labels", "app"}), "web");
  EXPECT_EQ(StrAt(pod, {"metadata", "annotations", "a"}), "b");
  EXPECT_EQ(Str(GetControllerOf(pod), "uid"), client::UidOf(*rs_));
  EXPECT_EQ(recorder.Messages("SuccessfulCreate"),
            std::vector<std::string>{"Created pod: " + std::string(client::NameOf(pod))});

  ASSERT_TRUE(control.DeletePod("ns", client::NameOf(pod), *rs_).ok());
  EXPECT_EQ(recorder.Messages("SuccessfulDelete"),
            std::vector<std::string>{"Deleted pod: " + std::string(client::NameOf(pod))});
}

TEST_F(OwnerRefsTest, PodControlReportsFailedCreate) {
  fakes::RecordingEventRecorder recorder;
  RealPodControl control(*api_, recorder);
  api_->SetReactor([](const fakes::FakeAction& a) {
    return a.verb == "create" ? Status::Forbidden("exceeded quota") : Status::Ok();
  });
  boost::json::object ref = NewControllerRef(*rs_, "apps/v1", "ReplicaSet");
  EXPECT_FALSE(control.CreatePod("ns", *ObjAt(*rs_, {"spec", "template"}), *rs_, ref).ok());
  EXPECT_EQ(recorder.Messages("FailedCreate"), std::vector<std::string>{"Error creating: exceeded quota"});
}

}  // namespace
}  // namespace kubepp::controllers::common
