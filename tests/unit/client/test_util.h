// Helpers shared by the client runtime's unit tests.
#pragma once

#include <chrono>
#include <thread>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

namespace kubepp::client::testing {

// Polls `cond` (yielding) for up to 10 s of real time; true once it holds.
template <typename F>
bool Eventually(F cond) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return cond();
}

inline boost::json::object Json(std::string_view text) { return boost::json::parse(text).as_object(); }

}  // namespace kubepp::client::testing
