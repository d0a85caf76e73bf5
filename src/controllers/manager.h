// ControllerManager: the composition root of `kubepp controller-manager`
// (and of the controllers inside `kubepp server`). From one ApiClient it
// builds the informer factory, a ControllerContext with one EventRecorder per
// component, and the controllers `--controllers` enables; it starts the
// informers, waits for their caches, then starts the controllers. Stop()
// undoes it in reverse: controllers, informers, event recorders.
//
// With leader election, the manager campaigns for the Lease
// kube-system/kube-controller-manager and runs controllers only while it
// leads. Losing the lease stops the controllers and calls on_lost_leadership
// (upstream's process exits then, and `kubepp controller-manager` does too);
// a manager that goes on campaigning and wins again starts fresh controllers.
//
// Thread safety: Start and Stop from one thread; Running and
// EnabledControllers from any.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "client/api_client.h"
#include "client/event_recorders.h"
#include "client/informer.h"
#include "client/leader_election.h"
#include "controllers/controller.h"

namespace kubepp::controllers {

struct ControllerManagerConfig {
  ControllerManagerOptions options;
  // --controllers: "*" enables the default set, "name" enables one, "-name"
  // disables one; the first mention of a name wins.
  std::vector<std::string> controllers = {"*"};
  bool leader_elect = false;
  std::string leader_identity;  // "" = "<hostname>_<random>"
  client::LeaderElectionConfig leader_election;  // lease name/namespace/durations; callbacks are the manager's
  // Called (on the elector's thread) when leadership is lost after it was held.
  std::function<void()> on_lost_leadership;
};

// upstream's IsControllerEnabled.
bool IsControllerEnabled(std::string_view name, bool enabled_by_default, const std::vector<std::string>& controllers);
// Every entry names a known controller ("*", "name" or "-name"); BadRequest otherwise.
Status ValidateControllers(const std::vector<std::string>& controllers,
                           const std::vector<ControllerRegistration>& known);

class ControllerManager {
 public:
  // `client` and `clock` must outlive the manager. `registrations` defaults
  // to AllControllers(). When `shared_informers` is given the manager uses
  // it instead of its own and does not start or stop it: the caller starts
  // it and stops it before destroying the manager.
  static StatusOr<std::unique_ptr<ControllerManager>> Create(
      client::ApiClient& client, ControllerManagerConfig config, Clock& clock = Clock::Real(),
      const std::vector<ControllerRegistration>* registrations = nullptr,
      client::InformerFactory* shared_informers = nullptr);
  ~ControllerManager();

  // Without leader election: creates and starts the controllers, returning
  // once they run (or the informers failed to sync: Timeout). With it:
  // starts campaigning and returns at once.
  Status Start();
  void Stop();
  // Controllers are running (this manager leads, or does not elect).
  bool Running() const { return running_.load(); }
  // Names of the controllers this manager runs when it runs, in start order.
  std::vector<std::string> EnabledControllers() const;
  client::InformerFactory& informers() { return *informers_; }

 private:
  ControllerManager(client::ApiClient& client, ControllerManagerConfig config, Clock& clock,
                    std::vector<ControllerRegistration> registrations, client::InformerFactory* shared_informers);
  Status RunControllers();
  void StopControllers();

  // Constant after construction.
  client::ApiClient& client_;
  ControllerManagerConfig config_;
  Clock& clock_;
  std::vector<ControllerRegistration> enabled_;
  std::unique_ptr<client::InformerFactory> owned_informers_;
  client::InformerFactory* informers_;
  std::unique_ptr<ControllerContext> context_;

  client::EventRecorders recorders_;

  std::mutex mu_;
  // Guarded by mu_.
  std::vector<std::unique_ptr<Controller>> controllers_;
  // Stopped controllers stay alive until the informers stop calling their handlers.
  std::vector<std::unique_ptr<Controller>> retired_;
  bool stopping_ = false;
  bool started_ = false;
  uint64_t epoch_ = 0;  // bumped by every StopControllers

  std::unique_ptr<client::LeaderElector> elector_;
  std::atomic<bool> running_{false};
};

}  // namespace kubepp::controllers
