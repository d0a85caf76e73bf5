// StopSignals: how every kubepp command waits for Ctrl-C or SIGTERM.
// Constructing it blocks SIGINT and SIGTERM in the calling thread (and so in
// every thread started afterwards: construct it before starting any), so
// only Wait() receives them, and ignores SIGPIPE so a peer closing a socket
// is an I/O error, not a crash.
//
// Thread safety: construct and wait from the main thread.
#pragma once

#include <chrono>
#include <signal.h>

namespace kubepp {

class StopSignals {
 public:
  StopSignals();
  // Blocks until SIGINT or SIGTERM arrives; returns its number.
  int Wait();
  // As Wait, but gives up after `timeout`; returns 0 then.
  int WaitFor(std::chrono::milliseconds timeout);

 private:
  sigset_t set_;
};

}  // namespace kubepp
