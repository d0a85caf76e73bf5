// Reading a container's CRI log file for `kubectl logs`, as upstream's
// kuberuntime/logs.ReadLogs does:
//
//  * start at the last `tail` lines (or the beginning), skip entries older
//    than `since`, prefix each entry with its timestamp when asked, stop
//    after `bytes` bytes (cutting the last entry) or, without follow, after
//    `tail` entries;
//  * partial entries (tag P) are written without a newline, so the pieces of
//    a long line join up in the output; an incomplete last line (no newline
//    yet) is written at the end of a read without follow and re-read later
//    while following;
//  * with follow, keep reading as the runtime appends, woken by inotify on
//    the log directory (or at least every `force_check`), until the
//    container has stopped and the file is drained, the sink refuses more
//    (the client left) or a stop is requested; when the path starts naming
//    a new file (log rotation renamed the old one and the runtime reopened
//    the path) the old file is drained first and the new one read from its
//    start; a file truncated in place is read again from its start.
//
// Only the CRI format is read (not Docker's JSON files).
//
// Thread safety: a reader is used by one thread; the callbacks run on it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "kubelet/logs/cri_log_line.h"
#include "kubelet/logs/log_options.h"

namespace kubepp::kubelet::logs {

// Receives output; returning false stops the reading (the client is gone).
using LogSink = std::function<bool(LogStream stream, std::string_view bytes)>;

struct FollowControl {
  // Whether the container still runs; following ends once it does not and
  // the file is drained. Null: not running.
  std::function<bool()> container_running;
  // Checked at least every `poll_interval` while waiting. Null: never.
  std::function<bool()> stop_requested;
  std::chrono::milliseconds poll_interval{250};
  // How long to wait for a change notification before looking anyway
  // (upstream's logForceCheckPeriod).
  std::chrono::milliseconds force_check{1000};
};

class ContainerLogReader {
 public:
  // Opens the log (resolving symlinks) and finds where the tail starts.
  // Failures read as upstream's: "failed to try resolving symlinks in path
  // ...", "failed to open log file ...".
  static StatusOr<std::unique_ptr<ContainerLogReader>> Open(const std::string& path, const LogOptions& options);
  ~ContainerLogReader();
  ContainerLogReader(const ContainerLogReader&) = delete;
  ContainerLogReader& operator=(const ContainerLogReader&) = delete;

  // Writes the log to `sink` until one of the ends described above. OK when
  // it ended normally; read errors and an unreadable first line are errors.
  Status Stream(const LogSink& sink, const FollowControl& control);

 private:
  struct Line {
    std::string_view text;
    bool complete = false;
  };
  enum class Wait { kChanged, kStopped };

  ContainerLogReader(std::string path, int fd, LogOptions options);
  // The next line from the file, or {"", false} at its end (pending bytes
  // stay buffered). Errors from read(2) are returned.
  StatusOr<Line> NextLine();
  // Everything buffered, as an incomplete last line.
  std::string_view TakePending();
  // Writes one entry; false when the reading should stop (limit or sink).
  bool Write(const CriLogLine& entry, const LogSink& sink);
  // Switches to the file the path names now, if it is another one (or
  // rewinds a file truncated in place); true when it did either.
  bool FollowRotation();
  // Starts watching for changes (inotify, else polling); true the first
  // time, so the caller reads once more before it waits.
  bool StartWatching();
  Wait WaitForChange(const FollowControl& control);

  const std::string path_;
  const LogOptions options_;
  int fd_;
  int inotify_fd_ = -1;
  int64_t offset_ = 0;       // file offset of the first byte after buffer_
  std::string buffer_;       // read but not yet returned
  size_t buffer_start_ = 0;  // buffer_[0, buffer_start_) was returned already
  int64_t remain_;           // bytes left under options_.bytes
  bool parsed_any_ = false;
  bool watch_started_ = false;
};

// Open + Stream.
Status ReadLogs(const std::string& path, const LogOptions& options, const LogSink& sink,
                const FollowControl& control);

}  // namespace kubepp::kubelet::logs
