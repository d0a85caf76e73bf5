// The files of configMap, secret and downwardAPI volumes (and of the same
// sources inside projected volumes), computed from the API objects as
// upstream's MakePayload and CollectData (v1.32):
//
//   configMap  every key of data and binaryData, or only the listed items
//              (key -> path, optional per-item mode); a listed key that is
//              missing fails unless the volume is optional:
//              "configmap references non-existent config key: k"
//   secret     the same over the base64-decoded data:
//              "references non-existent secret key: k"
//   downwardAPI  one file per item from a fieldRef (metadata.name, labels,
//              annotations ... see fieldpath/field_path.h) or a
//              resourceFieldRef (limits default to node allocatable)
//
// Modes default to the volume's defaultMode (0644 when the API did not set it).
// Thread safety: pure functions.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <vector>

#include "base/status.h"
#include "kubelet/fieldpath/resource_field.h"
#include "kubelet/volumes/atomic_writer.h"

namespace kubepp::kubelet::volumes {

inline constexpr uint32_t kDefaultFileMode = 0644;

// `items` may be null (project every key). `config_map` may be an empty
// object, standing in for a missing optional ConfigMap.
StatusOr<Payload> ConfigMapPayload(const boost::json::array* items,
                                   const boost::json::object& config_map, uint32_t default_mode,
                                   bool optional);
StatusOr<Payload> SecretPayload(const boost::json::array* items, const boost::json::object& secret,
                                uint32_t default_mode, bool optional);
// Every item's error is reported, joined as upstream's aggregate errors.
StatusOr<Payload> DownwardApiPayload(const boost::json::array* items,
                                     const boost::json::object& pod, uint32_t default_mode,
                                     const fieldpath::ResourceList& node_allocatable);

// The defaultMode (or an item's mode) of a volume source; `fallback` when absent.
uint32_t ModeOr(const boost::json::object* source, std::string_view field, uint32_t fallback);

// upstream's utilerrors.NewAggregate(errs).Error(): one message as is,
// several (duplicates dropped) as "[a, b]". The first failure's reason is kept.
// REQUIRES: errors is not empty.
Status AggregateErrors(const std::vector<Status>& errors);

}  // namespace kubepp::kubelet::volumes
