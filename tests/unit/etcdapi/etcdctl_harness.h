// Test harness for the etcd API: an embedded store (fsync off) in a temp dir
// served by EtcdApiServer on a free loopback port, and a way to run the real
// etcdctl against it (ETCDCTL_API=3) — to completion, or streaming its
// output until a condition holds (for `etcdctl watch`, which never exits).
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <poll.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "etcdapi/etcd_api_server.h"
#include "store/store.h"

namespace kubepp::etcdapi::testing {

inline constexpr char kEtcdctl[] = "/usr/bin/etcdctl";

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// A child process whose stdout+stderr we read; killed when dropped.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& stdin_text) {
    // Everything the child needs is built before fork: the test process has
    // gRPC and store threads, so between fork and exec the child may only make
    // async-signal-safe calls. (An allocation there can deadlock on an
    // allocator lock some other thread held at fork time; ASan's allocator
    // does, and etcdctl then never starts.)
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_storage{"ETCDCTL_API=3"};
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string_view(*e).rfind("ETCDCTL_API=", 0) != 0) env_storage.emplace_back(*e);
    }
    std::vector<char*> env;
    for (std::string& e : env_storage) env.push_back(e.data());
    env.push_back(nullptr);
    int out[2];
    int in[2];
    // Close-on-exec, so no other child inherits these ends (dup2 clears it on 0-2).
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(in, O_CLOEXEC) != 0) std::abort();
    pid_ = fork();
    if (pid_ < 0) std::abort();
    if (pid_ == 0) {
      // A crashed test must not leave etcdctl running: it dies with its parent.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(in[0], 0);
      dup2(out[1], 1);
      dup2(out[1], 2);
      execve(args[0], args.data(), env.data());
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    if (!stdin_text.empty()) {
      ssize_t n = write(in[1], stdin_text.data(), stdin_text.size());
      (void)n;
    }
    close(in[1]);
    fd_ = out[0];
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  // Reads output until `done(output)` holds, EOF, or the deadline. True if done held.
  bool ReadUntil(const std::function<bool(const std::string&)>& done, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(output_)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return done(output_);
      output_.append(buf, static_cast<size_t>(n));
    }
    return true;
  }

  CommandResult Wait(std::chrono::seconds timeout) {
    ReadUntil([](const std::string&) { return false; }, timeout);  // to EOF
    CommandResult r;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    reaped_ = true;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.output = output_;
    return r;
  }

  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool reaped_ = false;
  std::string output_;
};

// A store and its etcd API server on a free port, fresh for every test.
class EtcdApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kubepp-etcdapi-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store::EmbeddedOptions options;
    options.dir = dir_;
    options.fsync = false;
    options.auto_compact_retention_seconds = 0;
    auto s = store::OpenEmbedded(options);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    EtcdApiOptions api;
    api.listen = "127.0.0.1:0";
    auto server = EtcdApiServer::Start(store_.get(), api);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    endpoint_ = "127.0.0.1:" + std::to_string(server_->port());
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    server_.reset();
    if (store_) store_->Close();
    store_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<EtcdApiServer> server_;
  std::string endpoint_;
};

// The same, for tests that drive it with etcdctl.
class EtcdApiTest : public EtcdApiServerTest {
 protected:
  void SetUp() override {
    if (access(kEtcdctl, X_OK) != 0) GTEST_SKIP() << "etcdctl is not installed";
    EtcdApiServerTest::SetUp();
  }

  std::vector<std::string> Argv(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{kEtcdctl, "--endpoints", endpoint_, "--dial-timeout", "5s",
                                  "--command-timeout", "10s"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  // Runs etcdctl to completion.
  CommandResult Etcdctl(const std::vector<std::string>& args, const std::string& stdin_text = {}) {
    Child child(Argv(args), stdin_text);
    return child.Wait(std::chrono::seconds(30));
  }
  std::unique_ptr<Child> StartEtcdctl(const std::vector<std::string>& args) {
    return std::make_unique<Child>(Argv(args), std::string());
  }
};

}  // namespace kubepp::etcdapi::testing
