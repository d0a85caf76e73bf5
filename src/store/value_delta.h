// Value deltas: an old value of a key kept as its difference from the next.
//
// Successive values of one key are nearly alike — a pod before and after its
// status changed differs in a few fields — so the store keeps superseded
// values as a zstd frame compressed with the newer value as its dictionary:
// a 2 KB pod becomes about 60 bytes. Reading it back needs that newer value.
//
//   std::optional<std::string> d = PackDelta(older, newer);
//   std::string back = UnpackDelta(*d, newer).value();   // == older
//
// Thread safety: both functions may be called from any thread (each thread
// keeps its own zstd context).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::store {

// nullopt when zstd fails (the caller keeps the value whole).
std::optional<std::string> PackDelta(std::string_view older, std::string_view newer);

// Fails (kDataLoss) if `packed` is not a delta made against `newer`.
StatusOr<std::string> UnpackDelta(std::string_view packed, std::string_view newer);

}  // namespace kubepp::store
