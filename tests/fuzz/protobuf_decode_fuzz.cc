// Fuzzes the Kubernetes protobuf decoder (request bodies sent with
// Content-Type application/vnd.kubernetes.protobuf are untrusted). Whatever
// decodes must encode again, and decoding that encoding must give the same
// JSON: the first decode already normalizes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/protobuf/protobuf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using kubepp::api::protobuf::DecodeKubernetesProtobuf;
  using kubepp::api::protobuf::EncodeKubernetesProtobuf;
  // Let the fuzzer skip the magic prefix most of the time.
  std::string body(reinterpret_cast<const char*>(data), size);
  if (size > 0 && data[0] == 0xff) body = std::string("k8s\0", 4) + body.substr(1);
  auto first = DecodeKubernetesProtobuf(body, nullptr, nullptr);
  if (!first.ok()) return 0;
  auto bytes = EncodeKubernetesProtobuf(first->as_object());
  if (!bytes.ok()) {
    std::fprintf(stderr, "decoded object does not encode: %s\n%s\n",
                 bytes.status().ToString().c_str(), boost::json::serialize(*first).c_str());
    std::abort();
  }
  auto second = DecodeKubernetesProtobuf(*bytes, nullptr, nullptr);
  if (!second.ok() || *second != *first) {
    std::fprintf(
        stderr, "protobuf does not round-trip\nfirst:  %s\nsecond: %s\n",
        boost::json::serialize(*first).c_str(),
        second.ok() ? boost::json::serialize(*second).c_str() : second.status().ToString().c_str());
    std::abort();
  }
  return 0;
}
