// Finding where the last N lines of a file start, reading backwards in
// blocks so that tailing a large log costs only the tail, as upstream's
// tail.FindTailLineStartIndex: the offset after which exactly N newline
// characters follow (0 when the file has fewer). An incomplete last line
// (no newline yet) is not counted as a line.
//
// Thread safety: uses only the descriptor it is given (pread).
#pragma once

#include <cstdint>

#include "base/status.h"

namespace kubepp::kubelet::logs {

// REQUIRES: fd is open for reading. n < 0 means "all": 0.
StatusOr<int64_t> FindTailLineStart(int fd, int64_t n);

}  // namespace kubepp::kubelet::logs
