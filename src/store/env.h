// Env: everything the embedded store needs from the operating system — files
// and a monotonic clock — behind one small interface (LevelDB's Env idea), so
// tests can inject a full disk, count fsyncs and move time by hand.
//
// Errors come back as Status (kUnavailable for I/O failures, with the path and
// the errno text in the message); nothing throws.
//
// Thread safety: an Env may be used from any thread. A WritableFile is used by
// one thread at a time (the store serializes Append/Truncate under its lock;
// Sync may run on the committer thread concurrently with Append, which POSIX
// allows).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::store {

// A file that only grows at its end (and can be cut back after a failed append). Its end is
// where the last append stopped, not where reserved zeros stop.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Appends all of `data` or fails; on failure part of it may have been written.
  virtual Status Append(std::string_view data) = 0;
  // Cuts the file back to `size` bytes (used to undo a partly written record).
  virtual Status Truncate(uint64_t size) = 0;
  // fdatasync(2): everything appended so far is on disk when this returns OK.
  virtual Status Sync() = 0;
  // Writes zeros past the end so that at least `bytes` of them follow it, and starts writing
  // them back. Appends then overwrite blocks the file already has, and the fdatasync after one
  // needs no update of the file's size: a single write to the disk instead of two. Appends past
  // the zeros still work; Truncate and Close drop what is left of them.
  virtual Status Reserve(uint64_t bytes) {
    (void)bytes;
    return Status::Ok();
  }
  // The zeros that follow the end now.
  virtual uint64_t reserved() const { return 0; }
  virtual Status Close() = 0;
  virtual const std::string& path() const = 0;
};

class Env {
 public:
  virtual ~Env() = default;

  // The process-wide real Env (POSIX files, CLOCK_MONOTONIC). Never deleted.
  static Env* Default();

  // Opens `path` for appending, creating it if missing.
  virtual StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) = 0;
  virtual StatusOr<std::string> ReadFile(const std::string& path) = 0;
  virtual Status TruncateFile(const std::string& path, uint64_t size) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;
  // Names (not paths) of the entries in `dir`, without "." and "..".
  virtual StatusOr<std::vector<std::string>> ListDir(const std::string& dir) = 0;
  // mkdir -p.
  virtual Status CreateDirs(const std::string& dir) = 0;
  // fsync(2) on the directory so that creates and renames in it are durable.
  virtual Status SyncDir(const std::string& dir) = 0;
  // Monotonic microseconds; only differences are meaningful.
  virtual int64_t NowMicros() = 0;
};

// An Env that forwards to another and lets tests count syncs, hold them, fail
// appends with ENOSPC (those that do not fit in reserved zeros, as on a real
// disk) and drive the clock by hand. Lives here (not in tests/) because
// the crash test and benchmarks use it too.
class TestEnv : public Env {
 public:
  explicit TestEnv(Env* base = Env::Default()) : base_(base) {}

  void SetDiskFull(bool full) { disk_full_.store(full); }
  // When set, NowMicros returns the manual clock instead of the base clock.
  void UseManualClock(int64_t start_micros) { manual_now_.store(start_micros); manual_.store(true); }
  void AdvanceMicros(int64_t d) { manual_now_.fetch_add(d); }
  // Syncs started so far: a held sync counts from the moment it waits.
  int64_t syncs() const { return syncs_.load(); }
  // While held, every sync waits (after being counted) until released.
  void HoldSyncs(bool hold);
  int64_t appends() const { return appends_.load(); }

  // Env
  StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override;
  StatusOr<std::string> ReadFile(const std::string& path) override { return base_->ReadFile(path); }
  Status TruncateFile(const std::string& path, uint64_t size) override { return base_->TruncateFile(path, size); }
  Status Rename(const std::string& from, const std::string& to) override { return base_->Rename(from, to); }
  Status RemoveFile(const std::string& path) override { return base_->RemoveFile(path); }
  StatusOr<std::vector<std::string>> ListDir(const std::string& dir) override { return base_->ListDir(dir); }
  Status CreateDirs(const std::string& dir) override { return base_->CreateDirs(dir); }
  Status SyncDir(const std::string& dir) override { return base_->SyncDir(dir); }
  int64_t NowMicros() override { return manual_.load() ? manual_now_.load() : base_->NowMicros(); }

 private:
  friend class TestWritableFile;
  Env* base_;
  std::atomic<bool> disk_full_{false};
  std::atomic<bool> manual_{false};
  std::atomic<int64_t> manual_now_{0};
  std::atomic<int64_t> syncs_{0};
  std::mutex hold_mu_;
  std::condition_variable hold_cv_;
  bool hold_ = false;
  std::atomic<int64_t> appends_{0};
};

}  // namespace kubepp::store
