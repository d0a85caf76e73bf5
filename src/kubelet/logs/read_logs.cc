#include "kubelet/logs/read_logs.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/log.h"
#include "kubelet/logs/tail.h"

namespace kubepp::kubelet::logs {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string Errno() { return std::strerror(errno); }

std::string LowerFirst(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

ContainerLogReader::ContainerLogReader(std::string path, int fd, LogOptions options)
    : path_(std::move(path)), options_(options), fd_(fd), remain_(options.bytes) {}

ContainerLogReader::~ContainerLogReader() {
  if (fd_ >= 0) ::close(fd_);
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
}

StatusOr<std::unique_ptr<ContainerLogReader>> ContainerLogReader::Open(const std::string& path,
                                                                       const LogOptions& options) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) {
    return Status::NotFound("failed to try resolving symlinks in path " + Quote(path) + ": lstat " + path + ": " +
                            LowerFirst(Errno()));
  }
  std::string real = resolved;
  int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::Internal("failed to open log file " + Quote(real) + ": open " + real + ": " + LowerFirst(Errno()));
  }
  auto start = FindTailLineStart(fd, options.tail);
  if (!start.ok() || ::lseek(fd, *start, SEEK_SET) < 0) {
    ::close(fd);
    return Status::Internal("failed to tail " + std::to_string(options.tail) + " lines of log file " + Quote(real) +
                            ": " + (start.ok() ? Errno() : start.status().message()));
  }
  std::unique_ptr<ContainerLogReader> reader(new ContainerLogReader(real, fd, options));
  reader->offset_ = *start;
  return reader;
}

StatusOr<ContainerLogReader::Line> ContainerLogReader::NextLine() {
  for (;;) {
    size_t nl = buffer_.find('\n', buffer_start_);
    if (nl != std::string::npos) {
      Line line{std::string_view(buffer_).substr(buffer_start_, nl + 1 - buffer_start_), true};
      buffer_start_ = nl + 1;
      return line;
    }
    // Keep only what is still unreturned before reading more.
    if (buffer_start_ > 0) {
      buffer_.erase(0, buffer_start_);
      buffer_start_ = 0;
    }
    size_t old = buffer_.size();
    buffer_.resize(old + kReadChunk);
    ssize_t n = ::read(fd_, buffer_.data() + old, kReadChunk);
    if (n < 0) {
      buffer_.resize(old);
      if (errno == EINTR) continue;
      return Status::Internal("failed to read log file " + Quote(path_) + ": " + Errno());
    }
    buffer_.resize(old + static_cast<size_t>(n));
    offset_ += n;
    if (n == 0) return Line{};
  }
}

std::string_view ContainerLogReader::TakePending() {
  std::string_view rest = std::string_view(buffer_).substr(buffer_start_);
  buffer_start_ = buffer_.size();
  return rest;
}

bool ContainerLogReader::Write(const CriLogLine& entry, const LogSink& sink) {
  if (options_.since && entry.timestamp.ToTimePoint() < *options_.since) return true;
  std::string prefixed;
  std::string_view out = entry.content;
  if (options_.timestamps) {
    prefixed = entry.timestamp.FormatFixed() + " ";
    prefixed.append(entry.content);
    out = prefixed;
  }
  if (remain_ >= 0 && static_cast<int64_t>(out.size()) > remain_) out = out.substr(0, static_cast<size_t>(remain_));
  if (!out.empty() && !sink(entry.stream, out)) return false;
  if (remain_ >= 0) {
    remain_ -= static_cast<int64_t>(out.size());
    if (remain_ <= 0) return false;
  }
  return true;
}

bool ContainerLogReader::FollowRotation() {
  struct stat current, named;
  if (::fstat(fd_, &current) != 0) return false;
  if (::stat(path_.c_str(), &named) == 0 && (named.st_ino != current.st_ino || named.st_dev != current.st_dev)) {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;  // the runtime has not reopened it yet; look again later
    VLOG(2) << "log file " << path_ << " was rotated; reading the new one";
    ::close(fd_);
    fd_ = fd;
    offset_ = 0;
    buffer_.clear();
    buffer_start_ = 0;
    return true;
  }
  if (current.st_size < offset_) {
    VLOG(2) << "log file " << path_ << " was truncated; reading it from the start";
    ::lseek(fd_, 0, SEEK_SET);
    offset_ = 0;
    buffer_.clear();
    buffer_start_ = 0;
    return true;
  }
  return false;
}

bool ContainerLogReader::StartWatching() {
  if (watch_started_) return false;
  watch_started_ = true;
  inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) {
    VLOG(2) << "inotify unavailable (" << Errno() << "); polling " << path_;
    return true;
  }
  // The directory, not the file: it also reports the new file a rotation
  // leaves behind the path.
  if (::inotify_add_watch(inotify_fd_, DirectoryOf(path_).c_str(),
                          IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
                              IN_ATTRIB) < 0) {
    VLOG(2) << "cannot watch " << DirectoryOf(path_) << " (" << Errno() << "); polling";
    ::close(inotify_fd_);
    inotify_fd_ = -1;
  }
  return true;
}

ContainerLogReader::Wait ContainerLogReader::WaitForChange(const FollowControl& control) {
  auto deadline = std::chrono::steady_clock::now() + control.force_check;
  for (;;) {
    if (control.stop_requested && control.stop_requested()) return Wait::kStopped;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Wait::kChanged;
    int timeout = static_cast<int>(std::min(left, control.poll_interval).count());
    if (inotify_fd_ >= 0) {
      pollfd p{inotify_fd_, POLLIN, 0};
      if (::poll(&p, 1, timeout) > 0) {
        char events[4096];
        while (::read(inotify_fd_, events, sizeof events) > 0) {
        }
        return Wait::kChanged;
      }
    } else {
      ::poll(nullptr, 0, timeout);
    }
  }
}

Status ContainerLogReader::Stream(const LogSink& sink, const FollowControl& control) {
  const bool limited = options_.tail >= 0 && !options_.follow;
  int64_t limited_left = options_.tail;
  bool running = true;  // as last seen; only following asks
  for (;;) {
    if (limited && limited_left <= 0) return Status::Ok();
    auto next = NextLine();
    if (!next.ok()) return next.status();
    Line line = *next;
    bool last = false;
    if (!line.complete) {
      if (options_.follow) {
        if (FollowRotation()) continue;
        if (!running) return Status::Ok();
        if (StartWatching()) continue;  // a change may have slipped in before the watch began
        running = control.container_running && control.container_running();
        // A stopped container still gets its file drained once more.
        if (running && WaitForChange(control) == Wait::kStopped) return Status::Ok();
        continue;
      }
      line.text = TakePending();
      if (line.text.empty()) return Status::Ok();
      VLOG(2) << "incomplete line at the end of log file " << path_;
      last = true;
    }
    auto entry = ParseCriLogLine(line.text);
    if (!entry.ok()) {
      if (!parsed_any_) {
        std::string shown(line.text.substr(0, 200));
        return Status::Internal("failed to get parse function: unsupported log format: \"" + shown + "\"");
      }
      VLOG(1) << "skipping a malformed line in log file " << path_ << ": " << entry.status().message();
      if (last) return Status::Ok();
      continue;
    }
    parsed_any_ = true;
    if (!Write(*entry, sink)) return Status::Ok();
    if (limited) --limited_left;
    if (last) return Status::Ok();
  }
}

Status ReadLogs(const std::string& path, const LogOptions& options, const LogSink& sink,
                const FollowControl& control) {
  auto reader = ContainerLogReader::Open(path, options);
  if (!reader.ok()) return reader.status();
  return (*reader)->Stream(sink, control);
}

}  // namespace kubepp::kubelet::logs
