// The envelope: "k8s\0" + runtime.Unknown around the object's own message.
#include "api/protobuf/protobuf.h"

#include <exception>

#include "api/protobuf/codec.h"
#include "api/protobuf/schema.h"
#include "api/protobuf/wire.h"

namespace kubepp::api::protobuf {

StatusOr<boost::json::value> DecodeKubernetesProtobuf(std::string_view body,
                                                      std::string* api_version, std::string* kind) {
  try {
    return DecodeEnvelope(body, api_version, kind, 0);
  } catch (const std::exception& e) {  // Boost.JSON allocation or limits
    return Status::BadRequest(std::string("proto: ") + e.what());
  }
}

StatusOr<std::string> EncodeKubernetesProtobuf(const boost::json::object& obj) {
  const boost::json::value* av = obj.if_contains("apiVersion");
  const boost::json::value* k = obj.if_contains("kind");
  if (av == nullptr || k == nullptr || !av->is_string() || !k->is_string()) {
    return Status::BadRequest("proto: object has no apiVersion and kind");
  }
  const Message* m = Schema::Get().FindKind(av->get_string(), k->get_string());
  if (m == nullptr) {
    return Status::UnsupportedMediaType("no kind \"" + std::string(k->get_string()) +
                                        "\" is registered for version \"" +
                                        std::string(av->get_string()) + "\" in the protobuf codec");
  }
  std::string raw;
  try {
    KUBEPP_RETURN_IF_ERROR(EncodeMessage(*m, obj, raw));
  } catch (const std::exception& e) {
    return Status::BadRequest(std::string("proto: ") + e.what());
  }
  WireWriter type_meta;
  type_meta.BytesField(1, av->get_string());
  type_meta.BytesField(2, k->get_string());
  WireWriter unknown;
  unknown.out().assign("k8s\0", 4);
  unknown.BytesField(1, type_meta.out());
  unknown.BytesField(2, raw);
  // gogo-protobuf writes the empty contentEncoding and contentType too.
  unknown.BytesField(3, "");
  unknown.BytesField(4, "");
  return std::move(unknown.out());
}

bool HasProtobufSchema(std::string_view api_version, std::string_view kind) {
  return Schema::Get().FindKind(api_version, kind) != nullptr;
}

}  // namespace kubepp::api::protobuf
