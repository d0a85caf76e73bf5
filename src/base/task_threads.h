// TaskThreads: a thread per task, for the few tasks that may block for long (a probe waiting out
// its timeout, a pod's binding held at Permit) and must not hold up a shared pool. Starting a task
// joins the threads whose tasks have finished, so an owner that lives long keeps only those still
// running; JoinAll (and destruction) waits for the rest.
//
// Thread safety: Start and JoinAll may be called from any thread, but not from a task.
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace kubepp {

class TaskThreads {
 public:
  TaskThreads() = default;
  TaskThreads(const TaskThreads&) = delete;
  TaskThreads& operator=(const TaskThreads&) = delete;
  ~TaskThreads() { JoinAll(); }

  void Start(std::function<void()> task) {
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([task = std::move(task), done] {
      task();
      done->store(true);
    });
    std::lock_guard lock(mu_);
    for (auto it = running_.begin(); it != running_.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = running_.erase(it);
      } else {
        ++it;
      }
    }
    running_.push_back({std::move(thread), std::move(done)});
  }

  void JoinAll() {
    std::list<Running> running;
    {
      std::lock_guard lock(mu_);
      running.swap(running_);
    }
    for (auto& r : running) r.thread.join();
  }

 private:
  struct Running {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex mu_;
  std::list<Running> running_;  // guarded by mu_
};

}  // namespace kubepp
