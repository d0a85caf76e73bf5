// Helpers shared by the benches that run whole control planes out of
// separate `kubepp` processes (scheduler_bench, control_plane_bench): the
// admin connection of an apiserver, and a pod watch that counts pods reaching
// a state. Processes and temp dirs: child_process.h.
//
// Header-only so each bench stays one translation unit. Not thread-safe
// unless a function says so.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "child_process.h"
#include "net/https_client.h"

namespace kubepp::bench {

// Starts `kubepp apiserver` (or `server`) on a free loopback port and waits
// until /readyz answers; returns the admin connection options.
inline StatusOr<net::HttpsClientOptions> StartApiServer(
    ChildProcess& proc, const std::string& kubepp, const std::string& command,
    const std::string& dir, const std::vector<std::string>& extra_args = {}) {
  std::vector<std::string> args = {kubepp, command, "--data-dir", dir, "--secure-port", "0", "--bind-address",
                                   "127.0.0.1"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  // The control-plane benchmarks bring hollow nodes; no real kubelet.
  if (command == "server") args.push_back("--disable-agent");
  KUBEPP_RETURN_IF_ERROR(proc.Start(command, args, dir + "/" + command + ".log"));
  std::string kubeconfig = dir + "/admin.kubeconfig";
  auto deadline = SteadyClock::now() + 60s;
  uint16_t port = 0;
  while (SteadyClock::now() < deadline && port == 0) {
    std::string text = ReadFile(kubeconfig);
    auto at = text.find("server:");
    auto url = at == std::string::npos ? at : text.find("https://", at);
    if (url != std::string::npos) {
      auto colon = text.find(':', url + 8);
      auto eol = text.find('\n', url);
      if (colon != std::string::npos && colon < eol) {
        int p = std::atoi(text.c_str() + colon + 1);
        if (p > 0 && p < 65536) port = static_cast<uint16_t>(p);
      }
    }
    if (!proc.Running()) return Status::Unavailable(command + " exited:\n" + proc.LogTail());
    if (port == 0) std::this_thread::sleep_for(20ms);
  }
  if (port == 0) return Status::Timeout("no server URL in " + kubeconfig);
  net::HttpsClientOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.ca_file = dir + "/pki/ca.crt";
  o.cert_file = dir + "/pki/admin.crt";
  o.key_file = dir + "/pki/admin.key";
  o.timeout = 60s;
  auto client = net::HttpsClient::Create(o);
  if (!client.ok()) return client.status();
  while (SteadyClock::now() < deadline) {
    auto r = (*client)->Request("GET", "/readyz", {}, {}, "text/plain");
    if (r.ok() && r->code == 200) return o;
    if (!proc.Running()) return Status::Unavailable(command + " exited:\n" + proc.LogTail());
    std::this_thread::sleep_for(20ms);
  }
  return Status::Timeout("/readyz never answered ok");
}

// apiserver_request_total summed over codes, by "VERB resource[/subresource]",
// and the seconds spent serving them ("VERB resource seconds", from the
// latency histogram, which has no subresource label).
inline std::map<std::string, double> RequestCounts(net::HttpsClient& client) {
  std::map<std::string, double> out;
  auto r = client.Request("GET", "/metrics", {}, {}, "text/plain");
  if (!r.ok() || r->code != 200) return out;
  std::istringstream lines(r->body);
  auto label = [](const std::string& line, const std::string& name) {
    size_t at = line.find(name + "=\"");
    if (at == std::string::npos) return std::string();
    at += name.size() + 2;
    return line.substr(at, line.find('"', at) - at);
  };
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("apiserver_request_duration_seconds_sum{", 0) == 0) {
      out[label(line, "verb") + " " + label(line, "resource") + " seconds"] +=
          std::strtod(line.c_str() + line.rfind(' ') + 1, nullptr);
      continue;
    }
    if (line.rfind("apiserver_request_total{", 0) != 0) continue;
    std::string key = label(line, "verb") + " " + label(line, "resource");
    if (std::string sub = label(line, "subresource"); !sub.empty()) key += "/" + sub;
    out[key] += std::strtod(line.c_str() + line.rfind(' ') + 1, nullptr);
  }
  return out;
}
// Prints, as "# requests VERB resource[/sub] N" comment lines, the requests
// served between two RequestCounts, those seen at least once per 100 of
// `per` (pods), and the mean latency per "VERB resource".
inline void PrintRequests(std::map<std::string, double> requests,
                          std::map<std::string, double> before, size_t per) {
  for (auto& [key, count] : requests) count -= before[key];
  std::map<std::string, double> per_resource;  // "VERB resource": its subresources included
  for (const auto& [key, count] : requests) {
    if (!key.ends_with(" seconds")) per_resource[key.substr(0, key.find('/'))] += count;
  }
  for (const auto& [key, count] : requests) {
    if (key.ends_with(" seconds") || count * 100 < static_cast<double>(per)) continue;
    std::printf("# requests %s %.0f\n", key.c_str(), count);
  }
  for (const auto& [key, count] : per_resource) {
    if (count * 100 < static_cast<double>(per)) continue;
    std::printf("# latency %s (subresources too): mean %.1f ms\n", key.c_str(),
                1000 * requests[key + " seconds"] / count);
  }
}

// POST `body` to `path`; OK for 201/200 (and 409 when `exists_ok`).
inline Status Post(net::HttpsClient& client, const std::string& path, const std::string& body,
                   bool exists_ok = false) {
  auto r = client.Request("POST", path, "application/json", body);
  if (!r.ok()) return r.status();
  if (r->code == 200 || r->code == 201 || (exists_ok && r->code == 409)) return Status::Ok();
  return Status::Internal("POST " + path + ": " + std::to_string(r->code) + " " + r->body.substr(0, 500));
}

// Items in a LIST of `path`, and the list's resourceVersion.
inline StatusOr<std::pair<size_t, std::string>> CountList(net::HttpsClient& client, const std::string& path) {
  auto r = client.Request("GET", path);
  if (!r.ok()) return r.status();
  if (r->code != 200) return Status::Internal("GET " + path + ": " + std::to_string(r->code));
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r->body, ec);
  if (ec || !v.is_object()) return Status::Internal("GET " + path + ": not JSON");
  const auto* items = v.as_object().if_contains("items");
  const auto* meta = v.as_object().if_contains("metadata");
  std::string rv;
  if (meta && meta->is_object()) {
    if (const auto* s = meta->as_object().if_contains("resourceVersion"); s && s->is_string()) rv = s->as_string();
  }
  return std::make_pair(items && items->is_array() ? items->as_array().size() : size_t{0}, rv);
}

// Waits until `path` lists at least `want` items (polling every 500 ms).
inline Status WaitForCount(net::HttpsClient& client, const std::string& path, size_t want,
                           SteadyClock::duration timeout, const std::function<Status()>& alive) {
  auto deadline = SteadyClock::now() + timeout;
  size_t last = 0;
  while (SteadyClock::now() < deadline) {
    auto n = CountList(client, path);
    if (n.ok()) {
      last = n->first;
      if (last >= want) return Status::Ok();
    }
    KUBEPP_RETURN_IF_ERROR(alive());
    std::this_thread::sleep_for(500ms);
  }
  return Status::Timeout(path + ": " + std::to_string(last) + " of " + std::to_string(want) + " items");
}

// Watches pods from `resource_version` and records when `want` distinct pods
// whose name starts with `prefix` first satisfied `reached`; the watch runs
// on its own thread and connection until then or Stop(). Optional earlier
// stages (say "created", "bound") record when `want` pods had passed each.
class PodCounter {
 public:
  using Predicate = std::function<bool(const boost::json::object& pod)>;
  struct Stage {
    std::string name;
    Predicate reached;
  };

  PodCounter(const net::HttpsClientOptions& options, std::string path_with_rv, std::string prefix, size_t want,
             Predicate reached, std::vector<Stage> stages = {})
      : prefix_(std::move(prefix)), want_(want), reached_(std::move(reached)), stages_(std::move(stages)) {
    stage_progress_.resize(stages_.size());
    auto c = net::HttpsClient::Create(options);
    if (!c.ok()) {
      error_ = c.status();
      done_ = true;
      return;
    }
    client_ = std::move(*c);
    thread_ = std::thread([this, path = std::move(path_with_rv)] {
      auto code = client_->Watch(path, [this](std::string_view line) { return OnLine(line); });
      std::lock_guard lock(mu_);
      if (!code.ok() && count_ < want_) error_ = code.status();
      done_ = true;
    });
  }
  ~PodCounter() { Stop(); }

  void Stop() {
    if (client_) client_->Cancel();
    if (thread_.joinable()) thread_.join();
  }
  size_t count() const {
    std::lock_guard lock(mu_);
    return count_;
  }
  bool done() const {
    std::lock_guard lock(mu_);
    return done_ || count_ >= want_;
  }
  // When the last wanted pod arrived (valid once count() >= want).
  SteadyClock::time_point finished() const {
    std::lock_guard lock(mu_);
    return finished_;
  }
  Status error() const {
    std::lock_guard lock(mu_);
    return error_;
  }
  // When `want` pods had passed the stage of that name; nullopt until then.
  std::optional<SteadyClock::time_point> StageFinished(const std::string& name) const {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < stages_.size(); ++i) {
      if (stages_[i].name == name && stage_progress_[i].finished) return stage_progress_[i].finished;
    }
    return std::nullopt;
  }

 private:
  bool OnLine(std::string_view line) {
    // Events are parsed into one reused arena: the counter is the bench's own
    // overhead, on the cores it measures.
    arena_.release();
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec, &arena_);
    if (ec || !v.is_object()) return true;
    const auto* object = v.as_object().if_contains("object");
    if (!object || !object->is_object()) return true;
    const auto& pod = object->as_object();
    const auto* md = pod.if_contains("metadata");
    const auto* name = md && md->is_object() ? md->as_object().if_contains("name") : nullptr;
    if (!name || !name->is_string() || !name->as_string().starts_with(prefix_)) return true;
    for (size_t i = 0; i < stages_.size(); ++i) {
      if (!stages_[i].reached(pod)) continue;
      std::lock_guard lock(mu_);
      StageProgress& progress = stage_progress_[i];
      if (progress.finished) continue;
      if (progress.seen.insert(std::string(name->as_string())).second && progress.seen.size() == want_) {
        progress.finished = SteadyClock::now();
        progress.seen.clear();
      }
    }
    if (!reached_(pod)) return true;
    std::lock_guard lock(mu_);
    if (seen_.insert(std::string(name->as_string())).second) {
      ++count_;
      if (count_ == want_) finished_ = SteadyClock::now();
    }
    return count_ < want_;
  }

  const std::string prefix_;
  const size_t want_;
  const Predicate reached_;
  const std::vector<Stage> stages_;
  struct StageProgress {
    std::unordered_set<std::string> seen;  // emptied once finished
    std::optional<SteadyClock::time_point> finished;
  };
  std::vector<StageProgress> stage_progress_;  // guarded by mu_; one per stage
  // The watch thread's, reused for every event.
  static constexpr size_t kArenaBytes = 256 * 1024;
  std::unique_ptr<unsigned char[]> arena_buffer_{new unsigned char[kArenaBytes]};
  boost::json::monotonic_resource arena_{arena_buffer_.get(), kArenaBytes};
  std::unique_ptr<net::HttpsClient> client_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::unordered_set<std::string> seen_;  // guarded by mu_
  size_t count_ = 0;                      // guarded by mu_
  bool done_ = false;                     // guarded by mu_
  SteadyClock::time_point finished_;      // guarded by mu_
  Status error_;                          // guarded by mu_
};

inline std::string StringAt(const boost::json::object& o, std::initializer_list<std::string_view> path) {
  const boost::json::object* cur = &o;
  const boost::json::value* v = nullptr;
  for (auto key : path) {
    if (!cur) return {};
    v = cur->if_contains(key);
    if (!v) return {};
    cur = v->if_object();
  }
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Creates pods[i] for every i with `clients` threads, one connection each,
// POSTing to /api/v1/namespaces/<ns>/pods. Returns the first failure.
inline Status CreateAll(const net::HttpsClientOptions& options, const std::string& ns,
                        const std::vector<std::string>& bodies, int clients) {
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status first_error;
  std::vector<std::thread> threads;
  std::string path = "/api/v1/namespaces/" + ns + "/pods";
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      auto c = net::HttpsClient::Create(options);
      if (!c.ok()) {
        std::lock_guard lock(mu);
        if (first_error.ok()) first_error = c.status();
        return;
      }
      for (size_t i; (i = next.fetch_add(1)) < bodies.size();) {
        Status st = Post(**c, path, bodies[i]);
        if (!st.ok()) {
          std::lock_guard lock(mu);
          if (first_error.ok()) first_error = st;
          next = bodies.size();
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return first_error;
}

}  // namespace kubepp::bench
