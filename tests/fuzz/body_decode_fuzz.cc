// Fuzzes the decoders of request bodies: JSON and YAML into objects, and the
// stored-bytes handling a decoded object goes through on its way to the store;
// and the reading of JSON syntax as Go's scanner reads it, which must accept
// whatever the stricter parser accepts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/codec/codec.h"
#include "api/codec/go_json_syntax.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto go_error = kubepp::api::GoJsonSyntaxError(text);
  if (go_error && kubepp::api::ParseJson(text).ok()) __builtin_trap();
  for (auto parsed : {kubepp::api::ParseJson(text), kubepp::api::ParseYaml(text)}) {
    if (!parsed.ok() || !parsed->is_object()) continue;
    std::string stored = kubepp::api::EncodeForStorage(parsed->as_object());
    std::string served = kubepp::api::WithResourceVersion(stored, 42);
    auto back = kubepp::api::DecodeStored(stored, 42);
    // What is stored must always read back, with the version spliced in.
    if (!back.ok()) __builtin_trap();
    auto reparsed = kubepp::api::ParseJson(served);
    if (!reparsed.ok()) __builtin_trap();
  }
  return 0;
}
