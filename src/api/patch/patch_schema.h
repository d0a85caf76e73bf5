// The patch metadata of the built-in kinds: for each field that upstream tags
// with `patchStrategy` / `patchMergeKey`, how a strategic merge patch treats it.
//
// Upstream reads these tags from its Go structs by reflection. kubepp keeps a
// compact table of its own (patch_schema.cc) holding only what matters to a
// merge: the struct types on the way from a kind's root to a tagged list, and
// the tagged fields themselves. A field missing from the table has no
// strategy: objects merge member by member, lists are replaced.
//
//   Deployment -> spec (DeploymentSpec) -> template (PodTemplateSpec)
//     -> spec (PodSpec) -> containers: merge by "name" (Container)
//       -> env: merge by "name"
//
// Custom resources have no such schema; upstream refuses strategic merge
// patches for them with 415 UnsupportedMediaType, and so should the apiserver
// (ask HasStrategicMergeSchema first).
//
// Thread safety: the table is immutable after first use; safe from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::api {

// True for the built-in kinds that kubepp serves (core/v1 Pod, apps/v1
// Deployment, ...); false for custom resources and unknown kinds.
bool HasStrategicMergeSchema(std::string_view api_version, std::string_view kind);

// The 415 upstream answers a strategic merge patch to a custom resource with
// (its handler accepts JSON patch, merge patch and apply there):
// "the body of the request was in an unknown format - accepted media types
// include: application/json-patch+json, application/merge-patch+json,
// application/apply-patch+yaml".
Status StrategicMergeUnsupportedForCustomResources();

namespace patch_internal {

struct PatchType;

struct PatchField {
  std::string_view name;            // JSON name
  bool merge = false;               // patchStrategy includes "merge"
  bool replace = false;             // patchStrategy "replace"
  bool retain_keys = false;         // patchStrategy includes "retainKeys" (informational)
  std::string_view merge_key;       // patchMergeKey; empty for primitive lists
  const PatchType* type = nullptr;  // the value's struct (element struct for lists), if known
};

struct PatchType {
  std::string_view name;
  std::vector<PatchField> fields;
  const PatchField* Find(std::string_view field) const;
};

// The root struct of a kind; a metadata-only type for unknown kinds.
// Never null.
const PatchType* RootPatchType(std::string_view api_version, std::string_view kind);

}  // namespace patch_internal
}  // namespace kubepp::api
