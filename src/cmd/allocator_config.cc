// jemalloc's settings for every kubepp process, read by jemalloc at its first
// allocation (the symbol is its documented configuration hook).
//   narenas:2          two arenas for a 2-core node; more only fragment memory.
//   background_thread  a jemalloc thread returns freed pages to the system, so
//                      the memory of a large LIST goes back after it is sent.
//   dirty_decay_ms     how long freed pages are kept for reuse first.
//   muzzy_decay_ms:0   no second, lazily-freed stage: RSS drops when pages go.
#ifdef KUBEPP_WITH_JEMALLOC
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "narenas:2,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
#endif
