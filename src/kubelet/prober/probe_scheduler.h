// ProbeScheduler: runs many periodic probe loops on a few threads instead of
// a thread each — one timer thread that watches the clock and a small pool
// that runs what is due, so 50 pods with three probes each cost a heap entry
// apiece, not 150 sleeping threads.
//
// Each task behaves like upstream's worker loop around a Go time.Ticker:
//   - it runs first at `start`, then on ticks start + k * period;
//   - a tick that passes while the task runs is kept (one at most: the rest
//     are dropped), so a slow run is followed at once by the next;
//   - Trigger asks for an extra run as soon as possible (one pending at
//     most), as a manual trigger on a buffered channel;
//   - the task ends when a run returns false or after Cancel (a run in
//     progress finishes first); `on_end` then runs once on a pool thread.
// A task never runs on two threads at once.
//
// Time comes from the Clock, so tests drive it with a FakeClock; Settle
// waits until nothing is due at the clock's current time and nothing runs.
//
// Thread safety: every method may be called from any thread, including
// from inside a task (Add, Trigger, Cancel).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "base/clock.h"

namespace kubepp::kubelet::prober {

class ProbeScheduler {
 public:
  using TaskId = uint64_t;

  // `clock` must outlive this object; `threads` >= 1 run the tasks.
  ProbeScheduler(Clock& clock, int threads);
  ~ProbeScheduler();  // Stop()
  ProbeScheduler(const ProbeScheduler&) = delete;
  ProbeScheduler& operator=(const ProbeScheduler&) = delete;

  // `run` returns false to end the task. REQUIRES: period > 0.
  TaskId Add(Clock::TimePoint start, Clock::Duration period, std::function<bool()> run,
             std::function<void()> on_end);
  void Trigger(TaskId id);
  void Cancel(TaskId id);
  // Ends the threads; tasks left do not get on_end.
  void Stop();

  // True once no task is due at clock.Now(), none is queued or running;
  // false if `timeout` (real time) passes first.
  bool Settle(std::chrono::milliseconds timeout);
  size_t Tasks() const;

 private:
  struct Task {
    Clock::Duration period{};
    std::function<bool()> run;
    std::function<void()> on_end;
    Clock::TimePoint next_tick{};  // the earliest tick not yet seen
    bool tick_pending = false;     // a tick passed and was not consumed
    bool trigger_pending = false;
    bool cancelled = false;
    bool queued = false;   // in ready_
    bool running = false;
    Clock::TimePoint due{};  // its key in timers_ while idle
  };

  // Moves every tick that has passed into tick_pending (one kept).
  void CatchUpLocked(Task& t, Clock::TimePoint now);
  // Puts an idle task in the timer set or the ready queue, by what it waits for.
  void ScheduleLocked(TaskId id, Task& t, Clock::TimePoint now);
  void UnscheduleLocked(TaskId id, Task& t);
  void TimerLoop();
  void PoolLoop();

  Clock& clock_;

  mutable std::mutex mu_;
  std::condition_variable timer_cv_;  // timers_ changed, or stop
  std::condition_variable pool_cv_;   // ready_ has work, or stop
  std::condition_variable idle_cv_;   // a run ended or the queue changed
  // Guarded by mu_.
  bool stop_ = false;
  bool timers_changed_ = false;
  TaskId next_id_ = 1;
  std::map<TaskId, Task> tasks_;
  std::set<std::pair<Clock::TimePoint, TaskId>> timers_;  // idle tasks by due time
  std::deque<TaskId> ready_;
  int running_ = 0;

  std::thread timer_;
  std::vector<std::thread> pool_;
};

}  // namespace kubepp::kubelet::prober
