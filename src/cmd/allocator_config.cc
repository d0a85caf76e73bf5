#include "cmd/allocator.h"

#include <unistd.h>
#ifndef KUBEPP_WITH_JEMALLOC
#include <malloc.h>
#endif

#include <cstdlib>

// jemalloc's settings for every kubepp process, read by jemalloc at its first
// allocation (the symbol is its documented configuration hook).
//   narenas:2          two arenas for a 2-core node; more only fragment memory.
//   background_thread  a jemalloc thread returns freed pages to the system, so
//                      the memory of a large LIST goes back after it is sent.
//   dirty_decay_ms     how long freed pages are kept for reuse first.
//   muzzy_decay_ms:0   no second, lazily-freed stage: RSS drops when pages go.
//   oversize_threshold:0  no separate arena for blocks over 8 MiB (jemalloc's
//                      default), which hands their pages back at once: the
//                      buffer of every large response (an etcd range of 10,000
//                      values) would be faulted in afresh, a fifth of its cost.
#ifdef KUBEPP_WITH_JEMALLOC
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "narenas:2,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,oversize_threshold:0";
}
#endif

namespace kubepp::cmd {

void UseCompactAllocator(char** argv) {
#ifdef KUBEPP_WITH_JEMALLOC
  if (std::getenv("MALLOC_CONF") != nullptr) return;  // already restarted, or the operator chose
  ::setenv("MALLOC_CONF", "narenas:1,tcache:false,background_thread:false,dirty_decay_ms:0,muzzy_decay_ms:0", 1);
  ::execv("/proc/self/exe", argv);
  ::unsetenv("MALLOC_CONF");  // no restart: go on with the default settings
#else
  // glibc would give each busy thread an arena of its own, memory that stays
  // mapped after the pods that needed it are gone.
  (void)argv;
  mallopt(M_ARENA_MAX, 2);
#endif
}

}  // namespace kubepp::cmd
