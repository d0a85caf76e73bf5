// ValueDictionary: a zstd dictionary trained on the values of one key family.
//
// The objects under one prefix are alike — every pod repeats the same member
// names, the same defaults, the same managedFields layout — so zstd with a
// dictionary trained on a sample of them shrinks each value about twentyfold
// (a 4.6 KB pod to under 200 bytes), where zstd alone manages threefold. The
// store keeps the newest value of a key compressed this way once its family
// has a dictionary, and decompresses on every read (about a microsecond for
// a pod).
//
//   auto dict = ValueDictionary::Train(samples);   // nullptr: zstd could not
//   std::optional<std::string> c = dict->Compress(value);
//   std::string back = dict->Decompress(*c).value();  // == value
//
// Thread safety: immutable after Train; every method may be called from any
// thread at once (each thread keeps its own zstd contexts).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::store {

class ValueDictionary {
 public:
  // A dictionary of at most `max_bytes` trained on `samples`; nullptr when
  // zstd cannot train one (too few or too small samples).
  static std::unique_ptr<ValueDictionary> Train(const std::vector<std::string_view>& samples,
                                                size_t max_bytes = 16 << 10);
  ~ValueDictionary();

  // nullopt when zstd fails.
  std::optional<std::string> Compress(std::string_view value) const;
  // Fails (kDataLoss) if `compressed` was not made by this dictionary.
  StatusOr<std::string> Decompress(std::string_view compressed) const;
  // The same into `out`, whose memory is reused (a thread's scratch buffer).
  Status DecompressTo(std::string_view compressed, std::string* out) const;
  // The size `compressed` has once decompressed, from its frame header; 0 if unknown.
  static size_t WholeSize(std::string_view compressed);
  size_t size() const { return content_.size(); }

  struct Tables;

 private:
  ValueDictionary() = default;
  std::string content_;
  std::unique_ptr<Tables> tables_;  // zstd's digested forms of content_
};

}  // namespace kubepp::store
