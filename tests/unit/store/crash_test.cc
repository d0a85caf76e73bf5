// Crash test: a child process runs concurrent transactional writers against a
// store and reports every acknowledged write over a pipe; the parent kill -9s
// it at a random moment, reopens the store and checks that every acknowledged
// write is there (at its revision) and that no transaction is half applied.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "store_test_util.h"

namespace kubepp::store {
namespace {

using testing::MustOpen;
using testing::TempDir;

constexpr int kPairs = 16;   // each txn writes /x/<k> and /y/<k> with one value
constexpr int kWriters = 8;

struct Ack {
  int pair;
  int64_t rev;
  std::string value;
};

EmbeddedOptions CrashOptions(const std::string& dir) {
  EmbeddedOptions o;
  o.dir = dir;
  o.snapshot_every_bytes = 32 << 10;  // snapshots happen during the test too
  o.auto_compact_retention_seconds = 0;
  o.maintenance_interval_ms = 2;
  return o;
}

[[noreturn]] void RunChild(const std::string& dir, int fd, int round) {
  auto opened = OpenEmbedded(CrashOptions(dir));
  if (!opened.ok()) {
    std::fprintf(stderr, "child: open failed: %s\n", opened.status().ToString().c_str());
    _exit(3);
  }
  std::unique_ptr<Store> store = std::move(opened).value();
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937 rng(static_cast<unsigned>(round * 100 + w));
      for (int64_t i = 0;; ++i) {
        int k = static_cast<int>(rng() % kPairs);
        std::string value = std::to_string(round) + "-" + std::to_string(w) + "-" + std::to_string(i);
        TxnRequest t;
        t.success.push_back(Op::Put("/x/" + std::to_string(k), value));
        t.success.push_back(Op::Put("/y/" + std::to_string(k), value));
        auto r = store->TxnSync(std::move(t));
        if (!r.ok()) _exit(4);
        std::string line = std::to_string(k) + " " + std::to_string(r->revision) + " " + value + "\n";
        if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
      }
    });
  }
  for (auto& t : threads) t.join();
  _exit(0);
}

TEST(CrashTest, AcknowledgedWritesSurviveKill9) {
  TempDir dir;
  std::vector<Ack> acks;
  std::mt19937 rng(std::random_device{}());
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      RunChild(dir.path(), fds[1], round);
    }
    ::close(fds[1]);
    // Kill after a random number of acknowledgements (sometimes right away).
    size_t kill_after = rng() % 5 == 0 ? 0 : rng() % 800;
    std::string pending;
    size_t seen = 0;
    bool killed = false;
    char buf[4096];
    for (;;) {
      if (!killed && seen >= kill_after) {
        ::kill(pid, SIGKILL);
        killed = true;
      }
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;  // EOF: the child is gone
      pending.append(buf, static_cast<size_t>(n));
      size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        std::istringstream line(pending.substr(0, nl));
        pending.erase(0, nl + 1);
        Ack a;
        line >> a.pair >> a.rev >> a.value;
        acks.push_back(a);
        ++seen;
      }
    }
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);

    auto store = MustOpen(CrashOptions(dir.path()));
    ASSERT_NE(store, nullptr) << "round " << round;
    int64_t rev = store->CurrentRevision();
    // Every acknowledged write is present at its revision.
    for (const Ack& a : acks) {
      ASSERT_LE(a.rev, rev) << "round " << round;
      RangeRequest r;
      r.key = "/x/" + std::to_string(a.pair);
      r.revision = a.rev;
      auto got = store->Range(r);
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      ASSERT_EQ(got->kvs.size(), 1u) << "round " << round << " rev " << a.rev;
      EXPECT_EQ(got->kvs[0].value, a.value) << "round " << round << " rev " << a.rev;
      EXPECT_EQ(got->kvs[0].mod_revision, a.rev);
    }
    // No transaction is half applied: each pair agrees, at every revision.
    for (int k = 0; k < kPairs; ++k) {
      RangeRequest x, y;
      x.key = "/x/" + std::to_string(k);
      y.key = "/y/" + std::to_string(k);
      auto gx = store->Range(x);
      auto gy = store->Range(y);
      ASSERT_TRUE(gx.ok() && gy.ok());
      ASSERT_EQ(gx->kvs.size(), gy->kvs.size()) << "pair " << k;
      if (!gx->kvs.empty()) {
        EXPECT_EQ(gx->kvs[0].value, gy->kvs[0].value) << "pair " << k;
        EXPECT_EQ(gx->kvs[0].mod_revision, gy->kvs[0].mod_revision);
        EXPECT_EQ(gx->kvs[0].version, gy->kvs[0].version);
      }
    }
    // The recovered store takes writes at the next revision.
    auto p = store->Put("/after-crash", std::to_string(round));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->revision, rev + 1);
    store->Close();
  }
  EXPECT_GT(acks.size(), 0u);
}

}  // namespace
}  // namespace kubepp::store
