// The managers of an object's fields — metadata.managedFields decoded — and
// their encoding back, as upstream's fieldmanager keeps them.
//
// A manager is identified by its name, operation (Apply or Update), the API
// version for Update entries (an applier is one manager whatever version it
// applies at) and the subresource it wrote through. Each owns a field set
// recorded at an API version, and has the time of its last change.
//
// Encoded entries read
//   {"manager":..,"operation":..,"apiVersion":..,"time":..,"fieldsType":"FieldsV1",
//    "fieldsV1":{..},"subresource":..}
// (time and subresource left out when empty), Apply entries first, then by
// time, manager, API version and subresource — upstream's order.
//
// Thread safety: value types and pure functions.
#pragma once

#include <compare>
#include <functional>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "api/managedfields/field_set.h"
#include "base/status.h"

namespace kubepp::api::managedfields {

struct ManagerId {
  std::string manager;
  bool apply = false;       // operation Apply; Update otherwise
  std::string api_version;  // Update entries only
  std::string subresource;

  static ManagerId Update(std::string manager, std::string api_version, std::string subresource = "");
  static ManagerId Apply(std::string manager, std::string subresource = "");
  // Upstream's identifier, the JSON of the entry without fields and time:
  // {"manager":"kubectl","operation":"Apply"}.
  std::string Identifier() const;
  // How conflicts name the manager: "kubectl" / "kube-controller-manager"
  // using apps/v1 / "x" with subresource "status" using v1.
  std::string Printed() const;
  auto operator<=>(const ManagerId&) const = default;
};

struct ManagedSet {
  FieldSet set;
  std::string api_version;
  std::optional<int64_t> time;  // unix seconds of the last change
  // Not decoded (a write that cannot touch these fields need not read them):
  // the entry's fieldsV1 as stored, written back as is; `set` is unused.
  // Points into the object the entries were decoded from, which must outlive
  // this value. Call Materialize before changing the set.
  const boost::json::value* undecoded = nullptr;

  // Decodes `undecoded` into `set` (once). False if it does not decode.
  bool Materialize();
};

using Managers = std::map<ManagerId, ManagedSet>;

// Decodes metadata.managedFields (`entries` may be null: none). BadRequest
// on the first entry upstream would refuse: an operation other than Apply
// or Update, no apiVersion, a fieldsType other than FieldsV1, bad fieldsV1,
// or members of the wrong JSON type. With `needed`, an entry whose fieldsV1
// it turns down is left undecoded (see ManagedSet::undecoded).
StatusOr<Managers> DecodeManagers(const boost::json::value* entries,
                                  const std::function<bool(const boost::json::value& fields_v1)>& needed = nullptr);
// Managers with empty sets are left out; nullopt when nothing is left
// (the object then has no managedFields).
std::optional<boost::json::array> EncodeManagers(const Managers& managers);

// When a request body's metadata.managedFields could not be decoded into
// upstream's Go types, the decoder's message ("json: cannot unmarshal
// number into Go struct field ManagedFieldsEntry.metadata.managedFields.manager
// of type string"); nullopt when they could (or are absent).
std::optional<std::string> ManagedFieldsShapeError(const boost::json::object& obj);

// Whether a request's managedFields ask to clear them: [] or [{}].
bool IsResetManagedFields(const boost::json::value* entries);

// The identity metadata the server keeps and no entry owns (besides apiVersion and kind).
inline constexpr std::string_view kUntrackedMetadata[] = {
    "name",        "namespace",  "creationTimestamp", "selfLink",       "uid",
    "clusterName", "generation", "managedFields",     "resourceVersion"};

// RFC 3339 with seconds, UTC ("2026-01-02T15:04:05Z"); and back.
std::string FormatTime(int64_t unix_seconds);
std::optional<int64_t> ParseTime(std::string_view text);

}  // namespace kubepp::api::managedfields
