// The HorizontalPodAutoscaler controller ("horizontalpodautoscaling"): every
// 15 s (and on HPA changes) it reads the target's scale, computes a replica
// count from each Resource metric of the autoscaling/v2 spec (the largest
// wins), bounds it by minReplicas/maxReplicas and spec.behavior —
// stabilization windows (scale-down 300 s by default) and rate policies
// (by default up: max(4 pods, 100%) per 15 s; down: 100% per 15 s) — and
// writes the target's scale subresource when it differs. Status carries
// currentReplicas, desiredReplicas, currentMetrics, lastScaleTime,
// observedGeneration and the AbleToScale, ScalingActive and ScalingLimited
// conditions with upstream's reasons and messages.
//
// Recommendations and scale events of the last windows are kept in memory
// per HPA, as upstream does.
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key; the histories are guarded by mu_.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"
#include "controllers/podautoscaler/metrics.h"

namespace kubepp::controllers::podautoscaler {

inline constexpr std::chrono::seconds kSyncPeriod{15};

class HorizontalController : public Controller {
 public:
  // `metrics` and `scales` default to ApiMetrics() and ApiScaleClient().
  HorizontalController(ControllerContext& ctx, std::unique_ptr<MetricsSource> metrics = nullptr,
                       std::unique_ptr<ScaleClient> scales = nullptr);
  ~HorizontalController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  Status Sync(const std::string& key);

 private:
  struct Recommendation {
    Clock::TimePoint time;
    int64_t replicas;
  };
  struct ScaleEvent {
    Clock::TimePoint time;
    int64_t change;  // > 0 up, < 0 down
  };
  struct History {
    std::deque<Recommendation> recommendations;
    std::deque<ScaleEvent> events;
  };

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource hpas_;
  client::Informer& hpa_informer_;
  client::Informer& pod_informer_;
  client::EventRecorder& recorder_;
  std::unique_ptr<MetricsSource> metrics_;
  std::unique_ptr<ScaleClient> scales_;
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<KeyWorkers> workers_;

  std::mutex mu_;
  std::map<std::string, History> histories_;  // by HPA key; guarded by mu_
};

std::unique_ptr<Controller> NewHorizontalController(ControllerContext& ctx);

}  // namespace kubepp::controllers::podautoscaler
