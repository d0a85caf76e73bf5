// Fuzzes DecodeTyped, which every create, update and patch body passes
// through: it must never crash, and what it accepts it must accept again
// unchanged (a canonical Quantity reads back as itself).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "api/codec/codec.h"
#include "api/resources/catalog.h"
#include "apiserver/typed_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // The first byte picks the kind, the rest is its body.
  static const std::array<const kubepp::api::ResourceInfo*, 6> kinds = {
      kubepp::api::Catalog::Get().Find("", "v1", "pods"),
      kubepp::api::Catalog::Get().Find("", "v1", "configmaps"),
      kubepp::api::Catalog::Get().Find("", "v1", "services"),
      kubepp::api::Catalog::Get().Find("", "v1", "resourcequotas"),
      kubepp::api::Catalog::Get().Find("apps", "v1", "deployments"),
      kubepp::api::Catalog::Get().Find("apps", "v1", "statefulsets")};
  const kubepp::api::ResourceInfo* r = kinds[data[0] % kinds.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = kubepp::api::ParseJson(text);
  if (!parsed.ok() || !parsed->is_object()) return 0;
  boost::json::object obj = parsed->as_object();
  if (!kubepp::apiserver::DecodeTyped(*r, obj).ok()) return 0;
  boost::json::object again = obj;
  if (!kubepp::apiserver::DecodeTyped(*r, again).ok()) __builtin_trap();
  if (boost::json::serialize(again) != boost::json::serialize(obj)) __builtin_trap();
  return 0;
}
