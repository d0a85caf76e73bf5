#include "etcdapi/store_command.h"

#include <cstdio>

#include "base/flags.h"
#include "base/log.h"
#include "base/stop_signals.h"
#include "etcdapi/etcd_api_server.h"
#include "store/store.h"

namespace kubepp::etcdapi {

int RunStoreServer(const std::vector<std::string>& args) {
  store::EmbeddedOptions store_options;
  store_options.dir = "default.kubepp-store";
  store_options.writers_commit = true;  // the connection loops may block for an fsync
  EtcdApiOptions api_options;
  std::string listen_urls;
  int64_t verbosity = 0;
  int64_t retention_seconds = store_options.auto_compact_retention_seconds;
  bool help = false;
  FlagSet flags("store");
  flags.String("data-dir", &store_options.dir, "directory of the store's WAL and snapshots");
  flags.String("listen", &api_options.listen, "host:port to serve the etcd v3 gRPC API on (port 0 picks one)");
  flags.String("listen-client-urls", &listen_urls, "etcd-style alias of --listen (http://host:port)");
  flags.Bool("fsync", &store_options.fsync, "fsync the WAL before acknowledging writes");
  flags.Int("auto-compaction-retention-seconds", &retention_seconds, "history kept before auto compaction (0 = off)");
  flags.Int("v", &verbosity, "log verbosity");
  flags.Bool("help", &help, "print this help");
  Status st = flags.Parse(args);
  if (!st.ok() || help) {
    if (!st.ok()) std::fprintf(stderr, "Error: %s\n", st.message().c_str());
    std::fputs(flags.Usage().c_str(), stderr);
    return st.ok() ? 0 : 2;
  }
  if (!listen_urls.empty()) api_options.listen = listen_urls;
  store_options.auto_compact_retention_seconds = retention_seconds;
  log::SetVerbosity(static_cast<int>(verbosity));

  // Before any thread starts, so only stop_signals.Wait() sees them.
  StopSignals stop_signals;

  StatusOr<std::unique_ptr<store::Store>> store = store::OpenEmbedded(store_options);
  if (!store.ok()) {
    KLOG(ERROR) << "kubepp store: cannot open " << store_options.dir << ": " << store.status().ToString();
    return 1;
  }
  auto server = EtcdApiServer::Start(store->get(), api_options);
  if (!server.ok()) {
    KLOG(ERROR) << "kubepp store: " << server.status().ToString();
    (*store)->Close();
    return 1;
  }
  // Scripts and the benchmark read the chosen port from this line.
  std::printf("etcd v3 API on port %d\n", (*server)->port());
  std::fflush(stdout);
  int sig = stop_signals.Wait();
  KLOG(INFO) << "received signal " << sig << ", shutting down";
  (*server)->Shutdown();
  (*store)->Close();
  return 0;
}

}  // namespace kubepp::etcdapi
