#include "kubelet/volumes/payload.h"

#include <set>

#include "base/base64.h"
#include "kubelet/fieldpath/field_path.h"
#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::volumes {
namespace {

// A key's bytes from a data map; base64-decoded when `encoded`.
StatusOr<std::optional<std::string>> Lookup(const boost::json::object* data, std::string_view key,
                                            bool encoded) {
  const boost::json::value* v = Field(data, key);
  if (v == nullptr || !v->is_string()) return std::optional<std::string>();
  if (!encoded) return std::optional<std::string>(std::string(v->get_string()));
  std::optional<std::string> decoded = base64::Decode(v->get_string());
  if (!decoded) return Status::Internal("illegal base64 data at key " + std::string(key));
  return decoded;
}

// Adds every key of `data` to the payload.
Status AddAll(const boost::json::object* data, bool encoded, uint32_t mode, Payload& out) {
  if (data == nullptr) return Status::Ok();
  for (const auto& kv : *data) {
    StatusOr<std::optional<std::string>> bytes = Lookup(data, kv.key(), encoded);
    if (!bytes.ok()) return bytes.status();
    if (*bytes) out[std::string(kv.key())] = {std::move(**bytes), mode};
  }
  return Status::Ok();
}

}  // namespace

uint32_t ModeOr(const boost::json::object* source, std::string_view field, uint32_t fallback) {
  std::optional<int64_t> mode = Int(source, field);
  return mode ? static_cast<uint32_t>(*mode) : fallback;
}

Status AggregateErrors(const std::vector<Status>& errors) {
  if (errors.size() == 1) return errors[0];
  std::set<std::string> seen;
  std::string joined;
  for (const Status& e : errors) {
    if (!seen.insert(e.message()).second) continue;
    if (seen.size() > 1) joined += ", ";
    joined += e.message();
  }
  if (seen.size() > 1) joined = "[" + joined + "]";
  return Status(errors[0].reason(), joined);
}

StatusOr<Payload> ConfigMapPayload(const boost::json::array* items,
                                   const boost::json::object& config_map, uint32_t default_mode,
                                   bool optional) {
  Payload out;
  const boost::json::object* data = Obj(&config_map, "data");
  const boost::json::object* binary = Obj(&config_map, "binaryData");
  if (items == nullptr || items->empty()) {
    KUBEPP_RETURN_IF_ERROR(AddAll(data, false, default_mode, out));
    KUBEPP_RETURN_IF_ERROR(AddAll(binary, true, default_mode, out));
    return out;
  }
  for (const auto& v : *items) {
    if (!v.is_object()) continue;
    const boost::json::object& item = v.get_object();
    std::string key = Str(&item, "key");
    StatusOr<std::optional<std::string>> bytes = Lookup(data, key, false);
    if (bytes.ok() && !*bytes) bytes = Lookup(binary, key, true);
    if (!bytes.ok()) return bytes.status();
    if (!*bytes) {
      if (optional) continue;
      return Status::NotFound("configmap references non-existent config key: " + key);
    }
    out[Str(&item, "path")] = {std::move(**bytes), ModeOr(&item, "mode", default_mode)};
  }
  return out;
}

StatusOr<Payload> SecretPayload(const boost::json::array* items, const boost::json::object& secret,
                                uint32_t default_mode, bool optional) {
  Payload out;
  const boost::json::object* data = Obj(&secret, "data");
  if (items == nullptr || items->empty()) {
    KUBEPP_RETURN_IF_ERROR(AddAll(data, true, default_mode, out));
    return out;
  }
  for (const auto& v : *items) {
    if (!v.is_object()) continue;
    const boost::json::object& item = v.get_object();
    std::string key = Str(&item, "key");
    StatusOr<std::optional<std::string>> bytes = Lookup(data, key, true);
    if (!bytes.ok()) return bytes.status();
    if (!*bytes) {
      if (optional) continue;
      return Status::NotFound("references non-existent secret key: " + key);
    }
    out[Str(&item, "path")] = {std::move(**bytes), ModeOr(&item, "mode", default_mode)};
  }
  return out;
}

StatusOr<Payload> DownwardApiPayload(const boost::json::array* items,
                                     const boost::json::object& pod, uint32_t default_mode,
                                     const fieldpath::ResourceList& node_allocatable) {
  Payload out;
  std::vector<Status> errors;
  if (items == nullptr) return out;
  for (const auto& v : *items) {
    if (!v.is_object()) continue;
    const boost::json::object& item = v.get_object();
    FileProjection file;
    file.mode = ModeOr(&item, "mode", default_mode);
    if (const boost::json::object* field_ref = Obj(&item, "fieldRef")) {
      StatusOr<std::string> value =
          fieldpath::ExtractFieldPathAsString(pod, Str(field_ref, "fieldPath"));
      if (value.ok()) {
        file.data = std::move(*value);
      } else {
        errors.push_back(value.status());
      }
    } else if (const boost::json::object* resource_ref = Obj(&item, "resourceFieldRef")) {
      // Volumes name their container; limits default to the node's allocatable.
      StatusOr<std::string> value = fieldpath::ExtractResourceValueByContainerName(
          *resource_ref, fieldpath::DefaultPodLimitsForDownwardApi(pod, node_allocatable),
          Str(resource_ref, "containerName"));
      if (value.ok()) {
        file.data = std::move(*value);
      } else {
        errors.push_back(value.status());
      }
    }
    out[CleanPath(Str(&item, "path"))] = std::move(file);
  }
  if (!errors.empty()) return AggregateErrors(errors);
  return out;
}

}  // namespace kubepp::kubelet::volumes
