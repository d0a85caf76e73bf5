// InformerTestEnv: one controller under test, wired as the manager wires it —
// a FakeApiClient and FakeClock, real informers over the fake, and event
// recorders that keep what they were told in memory — plus WaitFor, the
// polling helper tests use instead of sleeping.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "base/clock.h"
#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/controller.h"
#include "fakes/fake_api_client.h"

namespace kubepp::controllers::testing {

// Polls `cond` until it holds or `timeout` of real time passes.
inline bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return cond();
}

// An EventRecorder that remembers "reason: message" lines.
class MemoryRecorder : public client::EventRecorder {
 public:
  void Event(const boost::json::object&, std::string_view type, std::string_view reason,
             std::string_view message) override {
    std::lock_guard lock(mu_);
    events_.push_back(std::string(reason) + ": " + std::string(message));
  }
  void Flush() override {}
  std::vector<std::string> events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> events_;
};

class InformerTestEnv {
 public:
  InformerTestEnv()
      : client_(fakes::FakeApiClient::Create(clock_)),
        informers_(client::InformerFactory::Create(*client_, clock_)),
        ctx_{*client_, *informers_, clock_, ControllerManagerOptions{},
             [this](std::string_view component) -> client::EventRecorder& { return Recorder(component); }} {
    ctx_.options.concurrent_syncs = 2;
  }
  ~InformerTestEnv() { Stop(); }

  FakeClock& clock() { return clock_; }
  fakes::FakeApiClient& client() { return *client_; }
  ControllerContext& ctx() { return ctx_; }
  client::InformerFactory& informers() { return *informers_; }
  ControllerManagerOptions& options() { return ctx_.options; }

  // Creates the controller, starts the informers, waits for them, starts it.
  Controller& Start(const ControllerRegistration& reg) {
    controller_ = reg.create(ctx_);
    informers_->Start();
    EXPECT_TRUE(informers_->WaitForSync(std::chrono::seconds(30)));
    controller_->Start();
    return *controller_;
  }
  void Stop() {
    if (controller_) controller_->Stop();
    controller_.reset();
    informers_->Stop();
  }

  client::ObjectPtr Get(const client::Resource& r, std::string_view ns, std::string_view name) {
    auto got = client_->Get(r, ns, name);
    return got.ok() ? *got : nullptr;
  }
  std::vector<client::ObjectPtr> List(const client::Resource& r, std::string_view ns = {}) {
    auto got = client_->List(r, ns, {});
    return got.ok() ? got->items : std::vector<client::ObjectPtr>{};
  }

  // The recorder of one component ("node-controller").
  MemoryRecorder& Recorder(std::string_view component) {
    std::lock_guard lock(mu_);
    auto it = recorders_.find(component);
    if (it == recorders_.end()) it = recorders_.emplace(std::string(component), std::make_unique<MemoryRecorder>()).first;
    return *it->second;
  }

  // Deletes an object seeded with a finalizer, so it stays with a
  // deletionTimestamp (Seed stores objects as freshly created).
  client::ObjectPtr MarkDeleting(const client::Resource& r, std::string_view ns, std::string_view name) {
    auto deleted = client_->Delete(r, ns, name);
    EXPECT_TRUE(deleted.ok()) << deleted.status().ToString();
    return deleted.ok() ? *deleted : nullptr;
  }

 private:
  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> client_;
  std::unique_ptr<client::InformerFactory> informers_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<MemoryRecorder>, std::less<>> recorders_;
  ControllerContext ctx_;
  std::unique_ptr<Controller> controller_;
};

}  // namespace kubepp::controllers::testing
