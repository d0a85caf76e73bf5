// Quantity: resource amounts as upstream's resource.Quantity
// ("100m", "1.5Gi", "2e3"): parsing, canonical form, comparison.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::api {

class Quantity {
 public:
  enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

  Quantity() = default;
  // Errors: BadRequest "quantities must match the regular expression
  // '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" as upstream.
  static StatusOr<Quantity> Parse(std::string_view text);

  // Canonical string upstream serializes ("1500m" -> "1500m", "0.5" -> "500m", "1024Mi" -> "1Gi").
  std::string String() const;
  // Value rounded up to an integer (Value()), and in thousandths (MilliValue()).
  int64_t Value() const;
  int64_t MilliValue() const;
  int Compare(const Quantity& other) const;  // -1, 0, 1
  Format format() const { return format_; }
  bool IsZero() const;

 private:
  // value = mantissa_ * 10^scale_ (exact for every parsable input we keep).
  // Big values are held as a decimal string of digits; see quantity.cc.
  std::string digits_;   // decimal digits of the unscaled mantissa, no leading zeros ("0" for zero)
  bool negative_ = false;
  int32_t scale_ = 0;
  Format format_ = Format::kDecimalSI;
};

}  // namespace kubepp::api
