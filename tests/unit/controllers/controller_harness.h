// ControllerHarness: what a controller unit test runs against — a
// FakeApiClient on a FakeClock, a real InformerFactory over it, and a
// ControllerContext whose event recorders keep events in memory. Tests build
// a controller, call Start() on the harness (informers start and sync), then
// drive the controller's Sync(key) directly and call Settle() after writes,
// which waits (polling with a deadline) until every informer has delivered
// what the fake API holds to every handler — a cache can be current before
// its handlers ran, so Settle watches a handler of its own, added after the
// controllers' (handlers run in the order they were added).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "client/informer.h"
#include "client/object.h"
#include "client/resource.h"
#include "controllers/controller.h"
#include "fakes/fake_api_client.h"
#include "fakes/recording_event_recorder.h"

namespace kubepp::controllers::testing {

class ControllerHarness {
 public:
  ControllerHarness()
      : api_(fakes::FakeApiClient::Create(clock_)),
        informers_(client::InformerFactory::Create(*api_, clock_)),
        ctx_{*api_, *informers_, clock_, ControllerManagerOptions{},
             [this](std::string_view component) -> client::EventRecorder& { return Recorder(component); }} {}
  ~ControllerHarness() { informers_->Stop(); }

  // REQUIRES: after the controllers under test were built (their handlers come first).
  void Start() {
    for (const char* r : {"pods", "replicationcontrollers"}) Track(client::Resource::Of("", r));
    for (const char* r : {"replicasets", "deployments"}) Track(client::Resource::Of("apps", r));
    informers_->Start();
    ASSERT_TRUE(informers_->WaitForSync(std::chrono::seconds(10)));
  }

  fakes::RecordingEventRecorder& Recorder(std::string_view component) {
    std::lock_guard lock(mu_);
    auto& r = recorders_[std::string(component)];
    if (!r) r = std::make_unique<fakes::RecordingEventRecorder>();
    return *r;
  }

  // Waits until the handlers of each resource's informer have seen exactly what the API holds.
  void Settle(const std::vector<client::Resource>& resources) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (const client::Resource& r : resources) {
      for (;;) {
        auto listed = api_->List(r, "", {});
        ASSERT_TRUE(listed.ok()) << listed.status().ToString();
        std::map<std::string, std::string> want, have;
        for (const auto& o : listed->items) want[client::KeyOf(*o)] = client::ResourceVersionOf(*o);
        {
          std::lock_guard lock(mu_);
          have = delivered_[r.resource];
        }
        if (want == have) break;
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "informer for " << r.resource << " did not catch up";
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
  }

  // The kubelet's part of a graceful deletion: pods being deleted go away now.
  void FinishTerminatingPods() {
    client::Resource pods = client::Resource::Of("", "pods");
    auto list = api_->List(pods, "", {});
    ASSERT_TRUE(list.ok());
    for (const auto& p : list->items) {
      const auto* meta = p->if_contains("metadata");
      const auto* ts = meta && meta->is_object() ? meta->get_object().if_contains("deletionTimestamp") : nullptr;
      if (ts == nullptr || ts->is_null()) continue;
      client::DeleteOptions now;
      now.grace_period_seconds = 0;
      auto r = api_->Delete(pods, client::NamespaceOf(*p), client::NameOf(*p), now);
      ASSERT_TRUE(r.ok() || r.status().IsNotFound()) << r.status().ToString();
    }
  }

  // Records what the informer of `r` delivered to handlers.
  void Track(const client::Resource& r) {
    std::string name = r.resource;
    auto put = [this, name](const client::ObjectPtr& o) {
      std::lock_guard lock(mu_);
      delivered_[name][client::KeyOf(*o)] = std::string(client::ResourceVersionOf(*o));
    };
    informers_->For(r).AddEventHandler(client::EventHandler{
        put, [put](const client::ObjectPtr&, const client::ObjectPtr& o) { put(o); },
        [this, name](const client::ObjectPtr& o) {
          std::lock_guard lock(mu_);
          delivered_[name].erase(client::KeyOf(*o));
        }});
  }

  static boost::json::object Json(std::string_view text) { return boost::json::parse(text).as_object(); }

  FakeClock& clock() { return clock_; }
  fakes::FakeApiClient& api() { return *api_; }
  client::InformerFactory& informers() { return *informers_; }
  ControllerContext& ctx() { return ctx_; }

 private:
  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  std::unique_ptr<client::InformerFactory> informers_;
  ControllerContext ctx_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<fakes::RecordingEventRecorder>> recorders_;
  std::map<std::string, std::map<std::string, std::string>> delivered_;  // resource -> key -> resourceVersion
};

}  // namespace kubepp::controllers::testing
