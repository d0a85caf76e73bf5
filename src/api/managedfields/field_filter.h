// Which fields a write may own at all. Upstream calls these the strategy's
// "reset fields": a write of the main resource of a kind with a status
// subresource does not own status (the stored status is kept), and a write of
// /status owns nothing but status (the rest is kept).
//
// Thread safety: immutable value.
#pragma once

#include "api/managedfields/compare.h"
#include "api/managedfields/field_set.h"

namespace kubepp::api::managedfields {

class FieldFilter {
 public:
  // Owns everything.
  FieldFilter() = default;
  // Owns nothing at or under `top` (a top-level field).
  static FieldFilter Excluding(std::string_view top);
  // Owns only `top` and what is under it.
  static FieldFilter OnlyUnder(std::string_view top);

  FieldSet Apply(const FieldSet& set) const;
  void ApplyInPlace(FieldSet& set) const;
  void ApplyInPlace(Comparison& c) const;

 private:
  enum class Mode { kAll, kExclude, kOnly };
  Mode mode_ = Mode::kAll;
  FieldSet top_;  // the one top-level member
};

}  // namespace kubepp::api::managedfields
