// The pod lifecycle event generator (upstream's GenericPLEG): relists the
// runtime every period and reports each pod whose sandboxes or containers
// changed state since the last relist — a container exiting, starting or
// being removed — so the kubelet syncs that pod without polling each one.
// The first relist reports every pod the runtime holds, which is how a
// restarted kubelet adopts running containers.
//
// Thread safety: Start/Stop from one thread; `on_change` runs on the PLEG's
// own thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "base/clock.h"
#include "kubelet/kuberuntime/runtime_manager.h"

namespace kubepp::kubelet {

class Pleg {
 public:
  Pleg(RuntimeManager& runtime, Clock& clock, Clock::Duration period,
       std::function<void(const std::string& uid)> on_change);
  ~Pleg();

  void Start();
  void Stop();
  // Relists once now (also what the thread does each period).
  void Relist();
  // The uids the last relist saw.
  std::set<std::string> KnownPods() const;
  // Whether a relist succeeded within the last three periods (node health).
  bool Healthy() const;

 private:
  void Loop();

  RuntimeManager& runtime_;
  Clock& clock_;
  const Clock::Duration period_;
  std::function<void(const std::string&)> on_change_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::map<std::string, std::string> fingerprints_;  // uid -> state summary
  Clock::TimePoint last_success_{};
  std::thread thread_;
};

}  // namespace kubepp::kubelet
