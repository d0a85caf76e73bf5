// AtomicWriter: publishes a set of files (a ConfigMap's keys, a Secret's, a
// downward API projection) into a volume directory so that a running
// container sees either the old set or the new one, never a mix — upstream's
// pkg/volume/util/atomic_writer.go, layout and algorithm alike:
//
//   <dir>/..2026_01_02_15_04_05.AbC123/  the files of one version (mode 0755)
//   <dir>/..data -> ..2026_01_02_15_04_05.AbC123
//   <dir>/key    -> ..data/key           user-visible entries, one per top-level name
//   <dir>/conf   -> ..data/conf          (a directory in the payload)
//
// Write() puts a new version in a fresh timestamped directory, points a
// temporary link "..data_tmp" at it and renames that over "..data" — the
// rename is the atomic switch — then adds links for new names, removes those
// of names no longer in the payload, and deletes the old version. When the
// content on disk already equals the payload nothing is rewritten (a mode
// change alone does not count, as upstream), but missing links are repaired.
//
// Names beginning with ".." are reserved. Paths are validated as upstream:
// relative, no ".." element, no element over 255 bytes, at most 4096 bytes.
// Thread safety: none; callers serialize writes to one directory.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "base/clock.h"
#include "base/status.h"

namespace kubepp::kubelet::volumes {

struct FileProjection {
  std::string data;
  uint32_t mode = 0644;
  bool operator==(const FileProjection&) const = default;
};

// Relative path in the volume -> content.
using Payload = std::map<std::string, FileProjection>;

class AtomicWriter {
 public:
  // `target_dir` must exist. `log_context` names the volume in messages.
  AtomicWriter(std::string target_dir, std::string log_context, Clock& clock = Clock::Real());

  // `set_perms`, when given, runs once a new version's files are written and
  // before they become visible (fsGroup ownership); its error fails the write.
  Status Write(const Payload& payload, const std::function<Status()>& set_perms = {});

 private:
  StatusOr<Payload> Validate(const Payload& payload) const;
  StatusOr<std::string> NewTimestampDir() const;

  std::string target_dir_;
  std::string log_context_;
  Clock& clock_;
};

// Go's filepath.Clean for the relative paths of payloads ("a//b/./c" -> "a/b/c").
std::string CleanPath(std::string_view path);

inline constexpr std::string_view kDataDirName = "..data";
inline constexpr std::string_view kNewDataDirName = "..data_tmp";

}  // namespace kubepp::kubelet::volumes
