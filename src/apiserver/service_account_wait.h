// ServiceAccountWaiter: the patience of upstream's ServiceAccount admission.
// A pod created right after its namespace may find the namespace's
// "default" ServiceAccount not made yet by the controller-manager; upstream
// looks it up again up to ten times, 100–200 ms apart, before refusing the
// pod. kubepp holds such a create here (no thread sleeps meanwhile: one
// timer thread re-checks every held create) and lets it go on as soon as
// the ServiceAccount exists or the attempts are spent — admission then
// admits or refuses it as usual. Any other missing ServiceAccount is
// refused at once, as upstream does.
//
// Thread safety: WhenExists may be called from any thread. Continuations
// run on the caller's thread (when nothing needs waiting) or on the
// waiter's thread. The destructor runs every held continuation at once and
// joins the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"

namespace kubepp::apiserver {

class ServiceAccountWaiter {
 public:
  explicit ServiceAccountWaiter(store::Store* store);
  ~ServiceAccountWaiter();

  // Runs `then` once the ServiceAccount ns/name exists, or when waiting
  // longer would not help.
  void WhenExists(const std::string& ns, const std::string& name, std::function<void()> then);

 private:
  struct Held {
    std::string key;  // the ServiceAccount's store key
    int attempts_left;
    std::chrono::steady_clock::time_point next_check;
    std::function<void()> then;
  };
  bool Exists(const std::string& key) const;
  void Run();

  store::Store* const store_;  // constant after construction
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Held> held_;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  std::thread thread_;      // started lazily, guarded by mu_
};

}  // namespace kubepp::apiserver
