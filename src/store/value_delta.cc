#include "store/value_delta.h"

#include <zstd.h>

#include <memory>

#include "store/zstd_contexts.h"

namespace kubepp::store {
namespace {

// zstd's fastest regular level: a delta against a near-identical dictionary
// is tiny at any level, and packing runs beside the store's writes.
constexpr int kLevel = 1;

}  // namespace

std::optional<std::string> PackDelta(std::string_view older, std::string_view newer) {
  std::string out(ZSTD_compressBound(older.size()), '\0');
  // A dictionary without zstd's magic number is raw content: the newer value itself.
  size_t n = ZSTD_compress_usingDict(ThreadZstdCCtx(), out.data(), out.size(), older.data(),
                                     older.size(), newer.data(), newer.size(), kLevel);
  if (ZSTD_isError(n)) return std::nullopt;
  out.resize(n);
  out.shrink_to_fit();
  return out;
}

StatusOr<std::string> UnpackDelta(std::string_view packed, std::string_view newer) {
  unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::DataLoss("store: a packed value is not a zstd frame");
  }
  std::string out(size, '\0');
  size_t n = ZSTD_decompress_usingDict(ThreadZstdDCtx(), out.data(), out.size(), packed.data(),
                                       packed.size(), newer.data(), newer.size());
  if (ZSTD_isError(n) || n != size) {
    return Status::DataLoss(std::string("store: unpacking a value: ") +
                            (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
  }
  return out;
}

}  // namespace kubepp::store
