// Quantity: resource amounts as upstream's resource.Quantity
// ("100m", "1.5Gi", "2e3"): parsing, canonical form, comparison.
//
// A Quantity is an exact decimal number (never a float) plus the format its
// suffix asked for: DecimalSI (m, k, M, ...), BinarySI (Ki, Mi, ...) or
// DecimalExponent (e3). Parse follows upstream's rules, including rounding
// values finer than 1n up to the next nano and capping BinarySI values at
// 2^63-1. String() is what upstream serializes: the input text itself when
// upstream keeps it ("1.G", "+1", "100M"), else the canonical form ("0.5" ->
// "500m", "1024Mi" -> "1Gi", "1.5Gi" -> "1536Mi"). An immutable value; safe
// to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::api {

class Quantity {
 public:
  enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

  Quantity() = default;  // zero, DecimalSI
  // Errors: BadRequest "quantities must match the regular expression
  // '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" as upstream (also
  // "unable to parse quantity's suffix", "unable to parse numeric part of
  // quantity"). Surrounding whitespace is an error here; JSON decoding trims
  // it first, as upstream's UnmarshalJSON does.
  static StatusOr<Quantity> Parse(std::string_view text);
  // Exact values built in code (controllers, scheduler): value * 10^scale.
  static Quantity FromScaled(int64_t value, int32_t scale, Format format);
  static Quantity FromInt64(int64_t value, Format format) { return FromScaled(value, 0, format); }
  static Quantity FromMilli(int64_t milli, Format format) { return FromScaled(milli, -3, format); }

  // Canonical string upstream serializes ("1500m" -> "1500m", "0.5" -> "500m", "1024Mi" -> "1Gi").
  std::string String() const;
  // Value rounded up (away from zero) to an integer (Value()), and in
  // thousandths (MilliValue()). Values beyond int64 saturate at its limits.
  int64_t Value() const;
  int64_t MilliValue() const;
  int Compare(const Quantity& other) const;  // -1, 0, 1
  Format format() const { return format_; }
  bool IsZero() const;
  int Sign() const { return IsZero() ? 0 : (negative_ ? -1 : 1); }

  // Exact sum and difference; the result keeps this quantity's format, or the
  // other's when this one is zero (as upstream's Add/Sub).
  Quantity Add(const Quantity& other) const;
  Quantity Sub(const Quantity& other) const;

 private:
  // The value is (negative_ ? -1 : 1) * digits_ * 10^exp_, exactly. digits_
  // has no leading zeros ("0" for zero) and may end in zeros.
  std::string digits_ = "0";
  bool negative_ = false;
  int64_t exp_ = 0;
  Format format_ = Format::kDecimalSI;
  // What String() returns: the parsed text when upstream keeps it, else the
  // canonical form computed once at construction. Empty only for Quantity().
  std::string text_;

  void Canonicalize();  // sets text_ from the value and format
};

}  // namespace kubepp::api
