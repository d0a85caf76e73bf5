// Writing a file so that readers see the old contents or the new, never a
// part: the data goes to "<path>.tmp" with the given mode (set exactly, not
// through the umask: a private key's mode is a security property), is
// fsynced, then renamed over `path`.
//
// Thread safety: safe from any thread; two writers of one path race as
// rename does (the last one wins).
#pragma once

#include <string>

#include "base/status.h"

namespace kubepp {

Status WriteFileAtomic(const std::string& path, const std::string& data, unsigned mode);

}  // namespace kubepp
