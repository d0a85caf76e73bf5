#include "kubelet/volumes/atomic_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "base/log.h"
#include "kubelet/volumes/safe_fs.h"

namespace kubepp::kubelet::volumes {
namespace {

constexpr size_t kMaxFileNameLength = 255;
constexpr size_t kMaxPathLength = 4096;

Status Errno(std::string_view what, const std::string& path) {
  return Status::Internal(std::string(what) + " " + path + ": " + std::strerror(errno));
}

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) {
      out.emplace_back(path.substr(i));
      break;
    }
    out.emplace_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return out;
}

Status ValidatePath(const std::string& path) {
  if (path.empty()) return Status::Invalid("invalid path: must not be empty: \"\"");
  if (path[0] == '/') return Status::Invalid("invalid path: must be relative path: " + path);
  if (path.size() > kMaxPathLength) {
    return Status::Invalid("invalid path: must be less than or equal to " +
                           std::to_string(kMaxPathLength) + " characters");
  }
  std::vector<std::string> items = Split(path);
  for (const std::string& item : items) {
    if (item == "..") return Status::Invalid("invalid path: must not contain '..': " + path);
    if (item.size() > kMaxFileNameLength) {
      return Status::Invalid("invalid path: filenames must be less than or equal to " +
                             std::to_string(kMaxFileNameLength) + " characters");
    }
  }
  if (items[0].rfind("..", 0) == 0 && items[0].size() > 2) {
    return Status::Invalid("invalid path: must not start with '..': " + path);
  }
  return Status::Ok();
}

// Whether the file at `path` is missing or differs from `content`.
StatusOr<bool> ShouldWriteFile(const std::string& path, const std::string& content) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return true;
    return Errno("stat", path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Errno("read", path);
  std::string on_disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return on_disk != content;
}

// Every path below `dir` relative to it (directories included), not
// following links.
StatusOr<std::set<std::string>> WalkRelative(const std::string& dir) {
  std::set<std::string> out;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(dir, ec), end;
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return out;
    return Status::Internal("walk " + dir + ": " + ec.message());
  }
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::Internal("walk " + dir + ": " + ec.message());
    out.insert(it->path().lexically_relative(dir).string());
  }
  return out;
}

Status WriteFileWithMode(const std::string& path, const FileProjection& file) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                  file.mode & 07777);
  if (fd < 0) return Errno("write", path);
  size_t done = 0;
  while (done < file.data.size()) {
    ssize_t n = ::write(fd, file.data.data() + done, file.data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status st = Errno("write", path);
      ::close(fd);
      return st;
    }
    done += static_cast<size_t>(n);
  }
  // The umask applied at creation; the mode asked for is what counts.
  if (::fchmod(fd, file.mode & 07777) != 0) {
    Status st = Errno("chmod", path);
    ::close(fd);
    return st;
  }
  if (::close(fd) != 0) return Errno("close", path);
  return Status::Ok();
}

}  // namespace

std::string CleanPath(std::string_view path) {
  if (path.empty()) return ".";
  bool rooted = path[0] == '/';
  std::vector<std::string> out;
  for (const std::string& part : Split(path)) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!out.empty() && out.back() != "..") {
        out.pop_back();
      } else if (!rooted) {
        out.push_back(part);
      }
      continue;
    }
    out.push_back(part);
  }
  std::string joined;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0) joined += '/';
    joined += out[i];
  }
  if (rooted) return "/" + joined;
  return joined.empty() ? "." : joined;
}

AtomicWriter::AtomicWriter(std::string target_dir, std::string log_context, Clock& clock)
    : target_dir_(std::move(target_dir)), log_context_(std::move(log_context)), clock_(clock) {}

StatusOr<Payload> AtomicWriter::Validate(const Payload& payload) const {
  Payload clean;
  for (const auto& [path, file] : payload) {
    KUBEPP_RETURN_IF_ERROR(ValidatePath(path));
    clean[CleanPath(path)] = file;
  }
  return clean;
}

StatusOr<std::string> AtomicWriter::NewTimestampDir() const {
  std::time_t t = Clock::TimePoint::clock::to_time_t(clock_.Now());
  std::tm utc;
  ::gmtime_r(&t, &utc);
  char stamp[64];
  std::strftime(stamp, sizeof(stamp), "..%Y_%m_%d_%H_%M_%S.", &utc);
  std::string templ = target_dir_ + "/" + stamp + "XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) return Errno("create a directory in", target_dir_);
  // Group and others must be able to traverse it, whatever the umask.
  if (::chmod(templ.c_str(), 0755) != 0) return Errno("chmod", templ);
  return templ;
}

Status AtomicWriter::Write(const Payload& payload, const std::function<Status()>& set_perms) {
  // (1) validate
  StatusOr<Payload> clean = Validate(payload);
  if (!clean.ok()) {
    KLOG(ERROR) << log_context_ << ": invalid payload: " << clean.status().message();
    return clean.status();
  }

  // (2) the current version
  std::string data_dir_path = target_dir_ + "/" + std::string(kDataDirName);
  std::string old_ts_dir;
  {
    char buf[4096];
    ssize_t n = ::readlink(data_dir_path.c_str(), buf, sizeof(buf));
    if (n >= 0) {
      old_ts_dir.assign(buf, static_cast<size_t>(n));
    } else if (errno != ENOENT) {
      return Errno("read link", data_dir_path);
    }
  }
  std::string old_ts_path = target_dir_ + "/" + old_ts_dir;

  std::set<std::string> paths_to_remove;
  bool should_write = true;
  if (!old_ts_dir.empty()) {
    // (3) paths of the old version the payload no longer has
    StatusOr<std::set<std::string>> current = WalkRelative(old_ts_path);
    if (!current.ok()) return current.status();
    std::set<std::string> wanted;
    for (const auto& entry : *clean) {
      // Every parent of a payload file stays, so non-empty dirs are never removed.
      std::string sub = entry.first;
      while (!sub.empty()) {
        wanted.insert(sub);
        size_t slash = sub.rfind('/');
        sub = slash == std::string::npos ? "" : sub.substr(0, slash);
      }
    }
    for (const std::string& p : *current) {
      if (wanted.count(p) == 0) paths_to_remove.insert(p);
    }

    // (4) does any file differ?
    bool differs = false;
    for (const auto& [path, file] : *clean) {
      StatusOr<bool> d = ShouldWriteFile(old_ts_path + "/" + path, file.data);
      if (!d.ok()) return d.status();
      if (*d) {
        differs = true;
        break;
      }
    }
    if (!differs && paths_to_remove.empty()) {
      VLOG(4) << log_context_ << ": write not required for data directory " << old_ts_dir;
      // Up to date; still make sure the user-visible links exist below.
      should_write = false;
      old_ts_dir.clear();
    }
  }

  if (should_write) {
    // (5) a new version directory
    StatusOr<std::string> ts_dir = NewTimestampDir();
    if (!ts_dir.ok()) return ts_dir.status();
    std::string ts_name = std::filesystem::path(*ts_dir).filename().string();

    // (6) the payload into it
    for (const auto& [path, file] : *clean) {
      std::string full = *ts_dir + "/" + path;
      std::error_code ec;
      std::filesystem::create_directories(std::filesystem::path(full).parent_path(), ec);
      if (ec) {
        RemoveAllNoFollow(*ts_dir);
        return Status::Internal("create directory for " + full + ": " + ec.message());
      }
      Status st = WriteFileWithMode(full, file);
      if (!st.ok()) {
        RemoveAllNoFollow(*ts_dir);
        return st;
      }
    }

    // (7) ownership, before anyone sees the new version
    if (set_perms) {
      if (Status st = set_perms(); !st.ok()) {
        RemoveAllNoFollow(*ts_dir);
        return st;
      }
    }

    // (8) ..data_tmp -> the new version, (9) renamed over ..data: the switch.
    std::string new_data_dir_path = target_dir_ + "/" + std::string(kNewDataDirName);
    ::unlink(new_data_dir_path.c_str());  // left by an interrupted write
    if (::symlink(ts_name.c_str(), new_data_dir_path.c_str()) != 0) {
      Status st = Errno("symlink", new_data_dir_path);
      RemoveAllNoFollow(*ts_dir);
      return st;
    }
    if (::rename(new_data_dir_path.c_str(), data_dir_path.c_str()) != 0) {
      Status st = Errno("rename", new_data_dir_path);
      ::unlink(new_data_dir_path.c_str());
      RemoveAllNoFollow(*ts_dir);
      return st;
    }
  }

  // (10) a link for each top-level name
  for (const auto& entry : *clean) {
    std::string top = entry.first.substr(0, entry.first.find('/'));
    std::string visible = target_dir_ + "/" + top;
    struct stat st;
    if (::lstat(visible.c_str(), &st) == 0) continue;
    if (errno != ENOENT) return Errno("stat", visible);
    std::string link_target = std::string(kDataDirName) + "/" + top;
    if (::symlink(link_target.c_str(), visible.c_str()) != 0) return Errno("symlink", visible);
  }

  // (11) links of top-level names that went away
  Status last;
  for (const std::string& p : paths_to_remove) {
    if (p.find('/') != std::string::npos) continue;
    std::string visible = target_dir_ + "/" + p;
    if (::unlink(visible.c_str()) != 0 && errno != ENOENT) {
      last = Errno("remove", visible);
      KLOG(ERROR) << log_context_ << ": " << last.message();
    }
  }
  if (!last.ok()) return last;

  // (12) the old version
  if (!old_ts_dir.empty()) KUBEPP_RETURN_IF_ERROR(RemoveAllNoFollow(old_ts_path));
  return Status::Ok();
}

}  // namespace kubepp::kubelet::volumes
