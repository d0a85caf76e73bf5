// The zstd contexts of the calling thread, shared by the store's codecs
// (value deltas and value dictionaries): every call they make is a one-shot
// compression or decompression, so one context per thread serves both.
#pragma once

#include <zstd.h>

namespace kubepp::store {

ZSTD_CCtx* ThreadZstdCCtx();
ZSTD_DCtx* ThreadZstdDCtx();

}  // namespace kubepp::store
