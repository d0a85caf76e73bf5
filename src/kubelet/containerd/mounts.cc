#include "kubelet/containerd/mounts.h"

#include <sys/mount.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kubepp::kubelet::containerd {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && std::isdigit(static_cast<unsigned char>(field[i + 1]))) {
      out += static_cast<char>(std::stoi(field.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> MountPointsUnder(const std::string& mountinfo, const std::string& dir) {
  std::string base = dir;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  std::vector<std::string> points;
  std::istringstream lines(mountinfo);
  std::string line;
  while (std::getline(lines, line)) {
    // "<id> <parent> <major:minor> <root> <mount point> ..."
    std::istringstream fields(line);
    std::string id, parent, dev, root, point;
    if (!(fields >> id >> parent >> dev >> root >> point)) continue;
    point = Unescape(point);
    if (point == base || point.rfind(base + "/", 0) == 0) points.push_back(point);
  }
  // Deepest first; a path mounted twice is listed twice and unmounted twice.
  std::stable_sort(points.begin(), points.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return points;
}

StatusOr<int> UnmountUnder(const std::string& dir) {
  std::ifstream in("/proc/self/mountinfo");
  if (!in) return Status::Internal("cannot read /proc/self/mountinfo");
  std::stringstream text;
  text << in.rdbuf();
  int count = 0;
  for (const std::string& point : MountPointsUnder(text.str(), dir)) {
    if (umount2(point.c_str(), MNT_DETACH) == 0) {
      ++count;
    } else if (errno != EINVAL && errno != ENOENT) {
      return Status::Internal("umount " + point + ": " + std::strerror(errno));
    }
  }
  return count;
}

}  // namespace kubepp::kubelet::containerd
