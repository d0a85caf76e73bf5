// WorkloadHarness: what the workload controllers' unit tests (job, cronjob,
// daemon, statefulset, ttlafterfinished) run against — a FakeApiClient on a
// FakeClock, a real InformerFactory over it, and a ControllerContext whose
// event recorders keep every event in memory. Tests build a controller,
// Start() the harness (informers start and sync), drive the controller's
// Sync(key) directly and call Settle() after writes: it polls, with a
// deadline, until the informer caches show what the fake API holds.
//
// Thread safety: the recorders may be called from any thread; the rest is
// used from the test's thread.
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

namespace kubepp::controllers::workload_testing {

struct SeenEvent {
  std::string object_key, type, reason, message;
};

// Keeps events synchronously so assertions can follow the call that made them.
class MemoryRecorder : public client::EventRecorder {
 public:
  void Event(const boost::json::object& object, std::string_view type, std::string_view reason,
             std::string_view message) override {
    std::lock_guard lock(mu_);
    events_.push_back({client::KeyOf(object), std::string(type), std::string(reason), std::string(message)});
  }
  void Flush() override {}
  std::vector<std::string> Messages(std::string_view reason) const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& e : events_) {
      if (e.reason == reason) out.push_back(e.message);
    }
    return out;
  }
  std::vector<SeenEvent> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<SeenEvent> events_;
};

class WorkloadHarness {
 public:
  WorkloadHarness()
      : api_(fakes::FakeApiClient::Create(clock_)),
        informers_(client::InformerFactory::Create(*api_, clock_)),
        ctx_{*api_, *informers_, clock_, ControllerManagerOptions{},
             [this](std::string_view component) -> client::EventRecorder& { return Recorder(component); }} {}
  ~WorkloadHarness() { informers_->Stop(); }

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

  std::vector<client::ObjectPtr> List(const client::Resource& r, std::string_view ns) {
    auto list = api_->List(r, ns, {});
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->items : std::vector<client::ObjectPtr>{};
  }
  boost::json::object GetOrEmpty(const client::Resource& r, std::string_view ns, std::string_view name) {
    auto got = api_->Get(r, ns, name);
    return got.ok() ? **got : boost::json::object{};
  }
  // Replaces the stored object's status (merging `status` over nothing).
  void SetStatus(const client::Resource& r, std::string_view ns, std::string_view name,
                 const boost::json::object& status) {
    auto got = api_->Get(r, ns, name);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    boost::json::object copy = **got;
    copy["status"] = status;
    auto st = api_->Update(r, ns, copy, "status");
    ASSERT_TRUE(st.ok()) << st.status().ToString();
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

}  // namespace kubepp::controllers::workload_testing
