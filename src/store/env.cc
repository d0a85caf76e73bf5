// The POSIX Env and the TestEnv wrapper.
#include "store/env.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace kubepp::store {
namespace {

Status IoError(const std::string& what, const std::string& path, int err) {
  return Status::Unavailable(what + " " + path + ": " + std::strerror(err));
}

class PosixWritableFile : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size), reserved_end_(size) {}
  ~PosixWritableFile() override { Close(); }

  Status Append(std::string_view data) override {
    KUBEPP_RETURN_IF_ERROR(WriteAt(size_, data));
    size_ += data.size();
    reserved_end_ = std::max(reserved_end_, size_);
    return Status::Ok();
  }
  Status Truncate(uint64_t size) override {
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return IoError("truncate", path_, errno);
    size_ = reserved_end_ = size;
    return Status::Ok();
  }
  Status Sync() override {
    if (::fdatasync(fd_) != 0) return IoError("fdatasync", path_, errno);
    return Status::Ok();
  }
  Status Reserve(uint64_t bytes) override {
    static const char kZeros[1 << 20] = {};  // in .bss: no heap, no pages until read
    uint64_t start = reserved_end_;
    uint64_t end = size_ + bytes;
    while (reserved_end_ < end) {
      uint64_t n = std::min<uint64_t>(sizeof kZeros, end - reserved_end_);
      KUBEPP_RETURN_IF_ERROR(WriteAt(reserved_end_, std::string_view(kZeros, n)));
      reserved_end_ += n;
    }
    // Writing back now keeps the zeros out of the next fdatasync's way.
    if (reserved_end_ > start) {
      (void)::sync_file_range(fd_, static_cast<off_t>(start),
                              static_cast<off_t>(reserved_end_ - start), SYNC_FILE_RANGE_WRITE);
    }
    return Status::Ok();
  }
  uint64_t reserved() const override { return reserved_end_ - size_; }
  Status Close() override {
    if (fd_ >= 0) {
      // Zeros past the end are dropped best-effort; replay skips them anyway.
      if (reserved_end_ > size_) (void)::ftruncate(fd_, static_cast<off_t>(size_));
      int rc = ::close(fd_);
      fd_ = -1;
      if (rc != 0) return IoError("close", path_, errno);
    }
    return Status::Ok();
  }
  const std::string& path() const override { return path_; }

 private:
  Status WriteAt(uint64_t offset, std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::pwrite(fd_, data.data(), data.size(), static_cast<off_t>(offset));
      if (n < 0) {
        if (errno == EINTR) continue;
        return IoError("write", path_, errno);
      }
      data.remove_prefix(static_cast<size_t>(n));
      offset += static_cast<uint64_t>(n);
    }
    return Status::Ok();
  }

  std::string path_;
  int fd_;
  uint64_t size_;          // where the next append goes
  uint64_t reserved_end_;  // zeros stop here; >= size_
};

class PosixEnv : public Env {
 public:
  StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return IoError("open", path, errno);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      int err = errno;
      ::close(fd);
      return IoError("stat", path, err);
    }
    return std::unique_ptr<WritableFile>(
        new PosixWritableFile(path, fd, static_cast<uint64_t>(st.st_size)));
  }
  StatusOr<std::string> ReadFile(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return IoError("open", path, errno);
    std::string out;
    char buf[1 << 16];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        ::close(fd);
        return IoError("read", path, err);
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
  }
  Status TruncateFile(const std::string& path, uint64_t size) override {
    if (::truncate(path.c_str(), static_cast<off_t>(size)) != 0) return IoError("truncate", path, errno);
    return Status::Ok();
  }
  Status Rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return IoError("rename", from + " to", errno);
    return Status::Ok();
  }
  Status RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("unlink", path, errno);
    return Status::Ok();
  }
  StatusOr<std::vector<std::string>> ListDir(const std::string& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return IoError("opendir", dir, errno);
    std::vector<std::string> names;
    while (struct dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(d);
    return names;
  }
  Status CreateDirs(const std::string& dir) override {
    for (size_t pos = 1; pos <= dir.size(); ++pos) {
      if (pos == dir.size() || dir[pos] == '/') {
        std::string part = dir.substr(0, pos);
        if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) return IoError("mkdir", part, errno);
      }
    }
    return Status::Ok();
  }
  Status SyncDir(const std::string& dir) override {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return IoError("open", dir, errno);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return IoError("fsync", dir, err);
    return Status::Ok();
  }
  int64_t NowMicros() override {
    struct timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
  }
};

}  // namespace

Env* Env::Default() {
  static Env* env = new PosixEnv();
  return env;
}

class TestWritableFile : public WritableFile {
 public:
  TestWritableFile(TestEnv* env, std::unique_ptr<WritableFile> base) : env_(env), base_(std::move(base)) {}
  Status Append(std::string_view data) override {
    env_->appends_.fetch_add(1);
    // A full disk still has the blocks reserved zeros hold.
    if (env_->disk_full_.load() && data.size() > base_->reserved())
      return IoError("write", base_->path(), ENOSPC);
    return base_->Append(data);
  }
  Status Truncate(uint64_t size) override { return base_->Truncate(size); }
  Status Sync() override {
    env_->syncs_.fetch_add(1);
    {
      std::unique_lock<std::mutex> lock(env_->hold_mu_);
      env_->hold_cv_.wait(lock, [this] { return !env_->hold_; });
    }
    return base_->Sync();
  }
  Status Reserve(uint64_t bytes) override {
    if (env_->disk_full_.load()) return IoError("write", base_->path(), ENOSPC);
    return base_->Reserve(bytes);
  }
  uint64_t reserved() const override { return base_->reserved(); }
  Status Close() override { return base_->Close(); }
  const std::string& path() const override { return base_->path(); }

 private:
  TestEnv* env_;
  std::unique_ptr<WritableFile> base_;
};

StatusOr<std::unique_ptr<WritableFile>> TestEnv::NewAppendableFile(const std::string& path) {
  auto f = base_->NewAppendableFile(path);
  if (!f.ok()) return f.status();
  return std::unique_ptr<WritableFile>(new TestWritableFile(this, std::move(f).value()));
}

void TestEnv::HoldSyncs(bool hold) {
  {
    std::lock_guard<std::mutex> lock(hold_mu_);
    hold_ = hold;
  }
  hold_cv_.notify_all();
}

}  // namespace kubepp::store
