// Logging with upstream's -v levels.
//
//   KLOG(INFO) << "listening on " << addr;
//   VLOG(4) << "watch " << key << " from " << rev;
//
// Lines go to stderr as "I1121 23:59:01.123456 1234 file.cc:42] message",
// the klog format operators already read. VLOG(n) costs one integer compare
// when n is above the level set by SetVerbosity (the -v flag).
// Thread safety: every function may be called from any thread.
#pragma once

#include <atomic>
#include <sstream>

namespace kubepp::log {

enum class Severity { kInfo, kWarning, kError, kFatal };

void SetVerbosity(int v);
inline std::atomic<int> g_verbosity{0};
inline bool VEnabled(int v) { return v <= g_verbosity.load(std::memory_order_relaxed); }

// Collects one line and writes it whole on destruction. kFatal aborts after writing.
class LogLine {
 public:
  LogLine(Severity s, const char* file, int line);
  ~LogLine();
  std::ostream& stream() { return os_; }

 private:
  Severity severity_;
  std::ostringstream os_;
};

}  // namespace kubepp::log

#define KLOG_INFO ::kubepp::log::Severity::kInfo
#define KLOG_WARNING ::kubepp::log::Severity::kWarning
#define KLOG_ERROR ::kubepp::log::Severity::kError
#define KLOG_FATAL ::kubepp::log::Severity::kFatal
#define KLOG(sev) ::kubepp::log::LogLine(KLOG_##sev, __FILE__, __LINE__).stream()
#define VLOG(n) \
  if (!::kubepp::log::VEnabled(n)) {} else ::kubepp::log::LogLine(KLOG_INFO, __FILE__, __LINE__).stream()
// Broken invariants abort loudly.
#define KCHECK(cond) \
  if (cond) {} else KLOG(FATAL) << "check failed: " #cond " "
