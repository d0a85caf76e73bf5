// PolicyHarness: what the unit tests of the policy controllers (resourcequota,
// disruption, persistentvolume, podautoscaler) run against — a
// FakeApiClient on a FakeClock, a real InformerFactory over it, and a
// ControllerContext whose event recorders keep events in memory. Tests build
// a controller, Start() the harness (informers start and sync), drive the
// controller's Sync(key) directly, and Settle() after writes so the caches
// show what the fake API holds.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "client/event_recorder.h"
#include "client/informer.h"
#include "client/object.h"
#include "client/resource.h"
#include "controllers/controller.h"
#include "fakes/fake_api_client.h"

namespace kubepp::controllers::policytest {

// Keeps events in memory as "Type Reason message".
class MemoryRecorder : public client::EventRecorder {
 public:
  void Event(const boost::json::object&, std::string_view type, std::string_view reason,
             std::string_view message) override {
    std::lock_guard lock(mu_);
    events_.push_back(std::string(type) + " " + std::string(reason) + " " + std::string(message));
  }
  void Flush() override {}
  std::vector<std::string> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> events_;
};

class PolicyHarness {
 public:
  PolicyHarness()
      : api_(fakes::FakeApiClient::Create(clock_)),
        informers_(client::InformerFactory::Create(*api_, clock_)),
        ctx_{*api_, *informers_, clock_, ControllerManagerOptions{},
             [this](std::string_view component) -> client::EventRecorder& { return Recorder(component); }} {}
  ~PolicyHarness() { informers_->Stop(); }
  // Stops the informers: call before destroying a controller whose handlers they run.
  void Stop() { informers_->Stop(); }

  void Start() {
    informers_->Start();
    ASSERT_TRUE(informers_->WaitForSync(std::chrono::seconds(10)));
  }

  MemoryRecorder& Recorder(std::string_view component) {
    std::lock_guard lock(mu_);
    auto& r = recorders_[std::string(component)];
    if (!r) r = std::make_unique<MemoryRecorder>();
    return *r;
  }

  // Waits until the informer of each resource holds exactly what the API holds.
  void Settle(const std::vector<client::Resource>& resources) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (const client::Resource& r : resources) {
      for (;;) {
        auto listed = api_->List(r, "", {});
        ASSERT_TRUE(listed.ok()) << listed.status().ToString();
        std::map<std::string, std::string> want, have;
        for (const auto& o : listed->items) want[client::KeyOf(*o)] = client::ResourceVersionOf(*o);
        for (const auto& o : informers_->For(r).List()) have[client::KeyOf(*o)] = client::ResourceVersionOf(*o);
        if (want == have) break;
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "informer for " << r.resource << " lags";
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
  }

  // The object as the fake API holds it now.
  boost::json::object Get(const client::Resource& r, std::string_view ns, std::string_view name) {
    auto got = api_->Get(r, ns, name);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() ? **got : boost::json::object();
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
  std::map<std::string, std::unique_ptr<MemoryRecorder>> recorders_;
};

}  // namespace kubepp::controllers::policytest
