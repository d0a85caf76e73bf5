#include "cmd/control_plane.h"

#include "base/clock.h"
#include "base/log.h"
#include "base/version.h"
#include "client/event_recorders.h"
#include "client/informer.h"
#include "client/kubeconfig.h"
#include "client/rest_client.h"
#include "controllers/manager.h"
#include "scheduler/plugins/registry.h"
#include "scheduler/scheduler.h"

namespace kubepp::cmd {
namespace {

class ControlPlaneImpl : public ControlPlane {
 public:
  Status Init(ControlPlaneOptions options) {
    auto config = client::LoadKubeconfig(options.kubeconfig);
    if (!config.ok()) return config.status();
    client::RestClientOptions rest;
    rest.user_agent = version::ComponentUserAgent("kube-controller-manager");
    rest.connections = 16;
    auto api = client::NewRestClient(*config, rest);
    if (!api.ok()) return api.status();
    client_ = std::move(*api);
    informers_ = client::InformerFactory::Create(*client_);

    // Both components add their informers and handlers before the factory starts.
    if (options.controller_manager) {
      controllers::ControllerManagerConfig cm;
      cm.options = options.controller_options;
      if (cm.options.root_ca_pem.empty()) cm.options.root_ca_pem = config->ca_pem;
      cm.controllers = options.controllers;
      auto manager = controllers::ControllerManager::Create(*client_, std::move(cm), Clock::Real(), nullptr,
                                                            informers_.get());
      if (!manager.ok()) return manager.status();
      manager_ = std::move(*manager);
    }
    if (options.scheduler) {
      // Its own connections, so its writes are recorded as kube-scheduler's.
      client::RestClientOptions sched_rest;
      sched_rest.user_agent = version::ComponentUserAgent("kube-scheduler");
      sched_rest.connections = 8;
      auto sched_api = client::NewRestClient(*config, sched_rest);
      if (!sched_api.ok()) return sched_api.status();
      scheduler_client_ = std::move(*sched_api);
      scheduler_events_ = std::make_unique<client::EventRecorders>(*scheduler_client_);
      scheduler::SchedulerOptions so;
      if (options.scheduler_config) {
        scheduler::config::ApplyTo(*options.scheduler_config, &so);
      } else {
        so.profiles.push_back(scheduler::plugins::DefaultProfile());
      }
      auto sched = scheduler::Scheduler::Create(*scheduler_client_, *informers_, *scheduler_events_, Clock::Real(), so);
      if (!sched.ok()) return sched.status();
      scheduler_ = std::move(*sched);
    }
    informers_->Start();
    if (manager_) {
      if (Status st = manager_->Start(); !st.ok()) return st;
    }
    if (scheduler_) scheduler_->Start();
    return Status::Ok();
  }

  void Stop() override {
    if (stopped_) return;
    stopped_ = true;
    if (scheduler_) scheduler_->Stop();
    if (manager_) manager_->Stop();
    if (scheduler_events_) scheduler_events_->Flush();
    if (informers_) informers_->Stop();
  }

  ~ControlPlaneImpl() override { Stop(); }

 private:
  std::unique_ptr<client::ApiClient> client_;
  std::unique_ptr<client::ApiClient> scheduler_client_;  // the scheduler's writes
  std::unique_ptr<client::InformerFactory> informers_;
  std::unique_ptr<controllers::ControllerManager> manager_;
  std::unique_ptr<client::EventRecorders> scheduler_events_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
  bool stopped_ = false;
};

}  // namespace

StatusOr<std::unique_ptr<ControlPlane>> ControlPlane::Start(ControlPlaneOptions options) {
  auto plane = std::make_unique<ControlPlaneImpl>();
  if (Status st = plane->Init(std::move(options)); !st.ok()) return st;
  return std::unique_ptr<ControlPlane>(std::move(plane));
}

}  // namespace kubepp::cmd
