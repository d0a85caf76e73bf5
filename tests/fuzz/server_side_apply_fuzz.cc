// libFuzzer target for server-side apply: the applied configuration is an
// untrusted request body. Byte 0 picks the live object (none, or one with
// managedFields) and whether to force; the rest is the configuration as JSON.
// Every input must produce an object or a Status — never a crash, a hang or
// runaway recursion — and an applied result must apply again cleanly.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/managedfields/field_manager.h"

namespace mf = kubepp::api::managedfields;

namespace {

constexpr std::string_view kLive = R"({"apiVersion":"apps/v1","kind":"Deployment",
  "metadata":{"name":"web","namespace":"default","uid":"u","labels":{"app":"web"},
  "managedFields":[{"manager":"ci","operation":"Apply","apiVersion":"apps/v1","fieldsType":"FieldsV1",
    "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}}}},
   {"manager":"kubectl","operation":"Update","apiVersion":"apps/v1","subresource":"scale","fieldsType":"FieldsV1",
    "fieldsV1":{"f:spec":{"f:replicas":{}}}}]},
  "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
  "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}]}]}}}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const auto fm = mf::FieldManager::Create("apps", "v1", "Deployment", "", true, [] { return int64_t{0}; });
  static const boost::json::object live = boost::json::parse(kLive).as_object();
  boost::system::error_code ec;
  boost::json::value config = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1), ec);
  if (ec || !config.is_object()) return 0;
  const bool force = data[0] & 1;
  const boost::json::object* base = (data[0] & 2) ? &live : nullptr;
  auto applied = fm->Apply(base, config.as_object(), "fuzz", force);
  if (applied.ok()) {
    auto again = fm->Apply(&*applied, config.as_object(), "fuzz", force);
    if (!again.ok() && again.status().http_code() != 409) std::abort();
    boost::json::object next = *applied;
    fm->Update(&*applied, next, "fuzz-update");
  }
  return 0;
}
