// `kubepp containerd`: the containerd that kubepp supervises for its kubelet, on its own in the
// foreground. Writes containerd's configuration under --data-dir, starts it, imports kubepp's
// images, prints "ready <CRI endpoint>" on stdout, and restarts containerd whenever it dies,
// until SIGINT or SIGTERM. For tests and for debugging the runtime; the kubelet of
// `kubepp server` runs the same supervisor (kubelet/containerd/containerd.h).

#include <cstdio>

#include "base/flags.h"
#include "base/log.h"
#include "base/stop_signals.h"
#include "cmd/commands.h"
#include "kubelet/containerd/containerd.h"

namespace kubepp::cmd {
namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

int RunContainerd(const std::vector<std::string>& args) {
  kubelet::containerd::ContainerdOptions options;
  std::string images = kubelet::containerd::DefaultImageDir(), insecure;
  bool remove_containers = false, help = false;
  int64_t verbosity = 0;
  FlagSet flags("containerd");
  flags.String("data-dir", &options.data_dir, "kubepp's data dir; containerd lives in <data-dir>/containerd");
  flags.String("images", &images, "directory of docker-archive images to import (empty: none)");
  flags.String("insecure-registries", &insecure, "registries reached over plain HTTP: host:port,host2:port");
  flags.String("containerd", &options.containerd_binary, "the containerd binary");
  flags.String("ctr", &options.ctr_binary, "the ctr binary (image import)");
  flags.String("cni-bin-dir", &options.cni_bin_dir, "directory of the CNI plugins");
  flags.Bool("remove-containers-on-exit", &remove_containers,
             "on exit, stop and remove every pod sandbox and container (default: leave them running)");
  flags.Int("v", &verbosity, "log verbosity");
  flags.Bool("help", &help, "print this help");
  Status st = flags.Parse(args);
  if (st.ok() && options.data_dir.empty()) st = Status::Invalid("--data-dir is required");
  if (!st.ok() || help) {
    if (!st.ok()) std::fprintf(stderr, "Error: %s\n", st.message().c_str());
    std::fputs(flags.Usage().c_str(), stderr);
    return st.ok() ? 0 : 2;
  }
  log::SetVerbosity(static_cast<int>(verbosity));
  options.insecure_registries = SplitCommas(insecure);

  // Before any thread starts, so only stop_signals.Wait() sees them.
  StopSignals stop_signals;

  kubelet::containerd::Containerd runtime(options);
  st = runtime.Start();
  if (!st.ok()) {
    KLOG(ERROR) << "containerd: " << st.ToString();
    return 1;
  }
  if (!images.empty()) {
    auto imported = runtime.ImportImages(images);
    if (!imported.ok()) {
      KLOG(ERROR) << "containerd: importing images from " << images << ": " << imported.status().ToString();
      runtime.Stop(kubelet::containerd::Containerd::StopMode::kKeepContainers);
      return 1;
    }
    KLOG(INFO) << "containerd: images from " << images << ": " << imported->imported.size() << " imported, "
               << imported->skipped.size() << " already present";
  }
  std::printf("ready %s\n", runtime.endpoint().c_str());
  std::fflush(stdout);

  int signal = stop_signals.Wait();
  KLOG(INFO) << "containerd: signal " << signal << ", stopping";
  st = runtime.Stop(remove_containers ? kubelet::containerd::Containerd::StopMode::kRemoveContainers
                                      : kubelet::containerd::Containerd::StopMode::kKeepContainers);
  if (!st.ok()) {
    KLOG(ERROR) << "containerd: " << st.ToString();
    return 1;
  }
  return 0;
}

}  // namespace kubepp::cmd
