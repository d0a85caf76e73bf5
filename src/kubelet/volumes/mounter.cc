#include "kubelet/volumes/mounter.h"

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kubepp::kubelet::volumes {
namespace {

std::string Errno(std::string_view what, const std::string& path, int err) {
  return std::string(what) + " " + path + ": " + std::strerror(err);
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
        s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

class LinuxMounter : public Mounter {
 public:
  // Mounter
  Status MountTmpfs(const std::string& target, std::optional<int64_t> size_bytes) override {
    std::string options;
    if (size_bytes && *size_bytes > 0) options = "size=" + std::to_string(*size_bytes);
    if (::mount("tmpfs", target.c_str(), "tmpfs", 0, options.empty() ? nullptr : options.c_str()) !=
        0) {
      return Status::Internal(Errno("mount tmpfs on", target, errno));
    }
    return Status::Ok();
  }

  Status BindMount(const std::string& source, const std::string& target) override {
    if (::mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0) {
      return Status::Internal(Errno("bind mount " + source + " on", target, errno));
    }
    return Status::Ok();
  }

  Status Unmount(const std::string& target) override {
    if (::umount2(target.c_str(), UMOUNT_NOFOLLOW) != 0)
      return Status::Internal(Errno("unmount", target, errno));
    return Status::Ok();
  }

  StatusOr<std::vector<MountPoint>> List() override {
    std::ifstream in("/proc/self/mountinfo");
    if (!in) return Status::Internal("cannot read /proc/self/mountinfo");
    std::stringstream text;
    text << in.rdbuf();
    return ParseMountInfo(text.str());
  }
};

}  // namespace

std::vector<MountPoint> ParseMountInfo(std::string_view text) {
  // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
  std::vector<MountPoint> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    std::vector<std::string_view> fields;
    size_t i = 0;
    while (i < line.size()) {
      size_t sp = line.find(' ', i);
      if (sp == std::string_view::npos) sp = line.size();
      if (sp > i) fields.push_back(line.substr(i, sp - i));
      i = sp + 1;
    }
    if (fields.size() < 5) continue;
    size_t dash = 6;
    while (dash < fields.size() && fields[dash] != "-") ++dash;
    if (dash + 1 >= fields.size()) continue;
    out.push_back({Unescape(fields[4]), std::string(fields[dash + 1])});
  }
  return out;
}

std::optional<MountPoint> MountAt(const std::vector<MountPoint>& mounts, std::string_view path) {
  std::optional<MountPoint> found;
  for (const MountPoint& m : mounts) {
    if (m.path == path) found = m;
  }
  return found;
}

std::unique_ptr<Mounter> NewLinuxMounter() { return std::make_unique<LinuxMounter>(); }

}  // namespace kubepp::kubelet::volumes
