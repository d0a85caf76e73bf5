// Eventually: the unit tests' way to wait for something another thread does —
// poll a condition until it holds or a generous deadline passes, never a fixed
// sleep. `tick` runs between polls (e.g. to move a FakeClock on).
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace kubepp {

inline bool Eventually(const std::function<bool()>& done, const std::function<void()>& tick = {},
                       std::chrono::steady_clock::duration timeout = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    if (tick) tick();
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  return done();
}

}  // namespace kubepp
