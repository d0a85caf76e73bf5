// libFuzzer target for the decoders of metadata.managedFields: request bodies
// carry them, so their FieldsV1 sets and entries are untrusted input.
//
// The input is JSON text. As a FieldsV1 value it must decode or fail with a
// Status, and a decoded set must encode to text that decodes to the same set
// and encodes to the same text. As a managedFields list it must decode or
// fail, and the shape check upstream's Go decoder stands for must answer.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/managedfields/fields_v1.h"
#include "api/managedfields/managers.h"

namespace mf = kubepp::api::managedfields;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = mf::DecodeFieldsV1Text(text);
  if (set.ok()) {
    std::string encoded = mf::EncodeFieldsV1Text(*set);
    auto again = mf::DecodeFieldsV1Text(encoded);
    if (!again.ok() || !(*again == *set) || mf::EncodeFieldsV1Text(*again) != encoded) std::abort();
    set->Iterate([](const mf::Path& p) { (void)mf::PathString(p); });
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return 0;
  auto managers = mf::DecodeManagers(&v);
  if (managers.ok()) {
    auto encoded = mf::EncodeManagers(*managers);
    if (encoded) {
      boost::json::value round(*encoded);
      auto again = mf::DecodeManagers(&round);
      if (!again.ok() || again->size() > managers->size()) std::abort();
    }
  }
  boost::json::object obj;
  obj["metadata"] = boost::json::object{{"managedFields", v}};
  (void)mf::ManagedFieldsShapeError(obj);
  (void)mf::IsResetManagedFields(&v);
  return 0;
}
