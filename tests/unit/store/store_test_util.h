// Helpers shared by the store tests: a temp directory, opening a store with
// test options, and polling with a deadline (tests never sleep a fixed time).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "store/env.h"
#include "store/store.h"

namespace kubepp::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kubepp-store-XXXXXX").string();
    char* p = ::mkdtemp(tmpl.data());
    if (p == nullptr) std::abort();
    path_ = p;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline EmbeddedOptions TestOptions(const std::string& dir, Env* env = nullptr) {
  EmbeddedOptions o;
  o.dir = dir;
  o.env = env;
  o.fsync = true;
  o.maintenance_interval_ms = 5;
  o.auto_compact_retention_seconds = 0;
  return o;
}

inline std::unique_ptr<Store> MustOpen(const EmbeddedOptions& o) {
  auto s = OpenEmbedded(o);
  if (!s.ok()) {
    ADD_FAILURE() << "OpenEmbedded: " << s.status().ToString();
    return nullptr;
  }
  return std::move(s).value();
}

// Polls `cond` until it holds or `timeout` passes; returns whether it held.
inline bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return cond();
}

inline KeyValue Get(Store& s, const std::string& key, int64_t rev = 0) {
  RangeRequest r;
  r.key = key;
  r.revision = rev;
  auto resp = s.Range(r);
  EXPECT_TRUE(resp.ok()) << resp.status().ToString();
  if (!resp.ok() || resp->kvs.empty()) return KeyValue{};
  return resp->kvs[0];
}

}  // namespace kubepp::store::testing
