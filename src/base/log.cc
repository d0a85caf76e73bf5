#include "base/log.h"

#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace kubepp::log {

void SetVerbosity(int v) { g_verbosity.store(v, std::memory_order_relaxed); }

LogLine::LogLine(Severity s, const char* file, int line) : severity_(s) {
  static const char kLetters[] = {'I', 'W', 'E', 'F'};
  timeval tv{};
  gettimeofday(&tv, nullptr);
  tm local{};
  localtime_r(&tv.tv_sec, &local);
  char head[64];
  std::snprintf(head, sizeof(head), "%c%02d%02d %02d:%02d:%02d.%06ld %d ",
                kLetters[static_cast<int>(s)], local.tm_mon + 1, local.tm_mday, local.tm_hour,
                local.tm_min, local.tm_sec, static_cast<long>(tv.tv_usec), static_cast<int>(getpid()));
  const char* base = std::strrchr(file, '/');
  os_ << head << (base ? base + 1 : file) << ':' << line << "] ";
}

LogLine::~LogLine() {
  os_ << '\n';
  std::string s = os_.str();
  ::fwrite(s.data(), 1, s.size(), stderr);
  if (severity_ == Severity::kFatal) {
    ::fflush(stderr);
    std::abort();
  }
}

}  // namespace kubepp::log
