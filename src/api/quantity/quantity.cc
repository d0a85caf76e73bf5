// Quantity: upstream's parser (parseQuantityString + ParseQuantity), its
// rule for keeping the input text, and its canonical form, on an exact
// decimal (digit string and power of ten) so that no input, however long or
// with whatever exponent, loses precision or overflows.
//
// Deliberate differences from v1.32, both fixed upstream since: Value() and
// MilliValue() saturate instead of wrapping when the value does not fit an
// int64, and a DecimalSI value above 999E prints in exponent form ("1e21")
// instead of dropping its magnitude.
#include "api/quantity/quantity.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace kubepp::api {
namespace {

constexpr const char* kFormatWrong =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr const char* kNumericError = "unable to parse numeric part of quantity";
constexpr const char* kSuffixError = "unable to parse quantity's suffix";
constexpr std::string_view kMaxInt64 = "9223372036854775807";
// Past this many digits of difference in exponents, Add/Sub drop the smaller
// term instead of materializing an absurd number.
constexpr int64_t kMaxAlignDigits = 100000;

using Format = Quantity::Format;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ---- unsigned decimal digit strings (most significant first) ----

std::string StripLeadingZeros(std::string d) {
  size_t nz = d.find_first_not_of('0');
  if (nz == std::string::npos) return "0";
  d.erase(0, nz);
  return d;
}

bool IsZeroDigits(std::string_view d) { return d.find_first_not_of('0') == std::string_view::npos; }

std::string MulSmall(std::string_view d, uint64_t m) {  // REQUIRES: m < 2^32
  std::string out(d.size() + 20, '0');
  uint64_t carry = 0;
  size_t o = out.size();
  for (size_t i = d.size(); i-- > 0;) {
    uint64_t v = static_cast<uint64_t>(d[i] - '0') * m + carry;
    out[--o] = static_cast<char>('0' + v % 10);
    carry = v / 10;
  }
  while (carry > 0) {
    out[--o] = static_cast<char>('0' + carry % 10);
    carry /= 10;
  }
  return StripLeadingZeros(out.substr(o));
}

std::string Increment(std::string d) {
  for (size_t i = d.size(); i-- > 0;) {
    if (d[i] != '9') {
      ++d[i];
      return d;
    }
    d[i] = '0';
  }
  return "1" + d;
}

std::string AddDigits(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(std::max(a.size(), b.size()) + 1);
  int carry = 0;
  for (size_t i = 0; i < a.size() || i < b.size() || carry; ++i) {
    int v = carry;
    if (i < a.size()) v += a[a.size() - 1 - i] - '0';
    if (i < b.size()) v += b[b.size() - 1 - i] - '0';
    out += static_cast<char>('0' + v % 10);
    carry = v / 10;
  }
  std::reverse(out.begin(), out.end());
  return StripLeadingZeros(out);
}

// a - b. REQUIRES: a >= b.
std::string SubDigits(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size());
  int borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int v = (a[a.size() - 1 - i] - '0') - borrow;
    if (i < b.size()) v -= b[b.size() - 1 - i] - '0';
    borrow = v < 0;
    if (v < 0) v += 10;
    out += static_cast<char>('0' + v);
  }
  std::reverse(out.begin(), out.end());
  return StripLeadingZeros(out);
}

// Compares a*10^ea with b*10^eb without expanding either. Digits have no
// leading zeros.
int CompareMagnitude(std::string_view a, int64_t ea, std::string_view b, int64_t eb) {
  bool za = a == "0", zb = b == "0";
  if (za || zb) return za == zb ? 0 : (za ? -1 : 1);
  // Position just above the most significant digit.
  int64_t ta = static_cast<int64_t>(a.size()) + ea, tb = static_cast<int64_t>(b.size()) + eb;
  if (ta != tb) return ta < tb ? -1 : 1;
  size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    char ca = i < a.size() ? a[i] : '0', cb = i < b.size() ? b[i] : '0';
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

// Rounds d*10^e away from zero to a multiple of 10^target; returns the digits
// of the result at exponent `target` (or unchanged when already coarser).
std::string RoundUpTo(const std::string& d, int64_t e, int64_t target, int64_t& out_exp) {
  if (e >= target || d == "0") {
    out_exp = e;
    return d;
  }
  out_exp = target;
  int64_t drop = target - e;
  if (drop >= static_cast<int64_t>(d.size())) return "1";  // nonzero below the target unit
  size_t keep = d.size() - static_cast<size_t>(drop);
  std::string kept = d.substr(0, keep);
  bool fraction = !IsZeroDigits(std::string_view(d).substr(keep));
  kept = keep == 0 ? "0" : kept;
  return StripLeadingZeros(fraction ? Increment(kept) : kept);
}

// ceil-away-from-zero(d*10^e) as an unsigned integer, or nullopt if above 2^64-1.
std::optional<uint64_t> IntegerPart(const std::string& d, int64_t e) {
  int64_t exp;
  std::string r = RoundUpTo(d, e, 0, exp);
  if (r == "0") return 0;
  if (static_cast<int64_t>(r.size()) + exp > 20) return std::nullopt;
  r.append(static_cast<size_t>(exp), '0');
  if (r.size() == 20 && r > "18446744073709551615") return std::nullopt;
  uint64_t v = 0;
  for (char c : r) v = v * 10 + static_cast<uint64_t>(c - '0');
  return v;
}

// Go's strconv.ParseInt(s, 10, 64).
std::optional<int64_t> ParseInt64(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) neg = s[i++] == '-';
  if (i == s.size()) return std::nullopt;
  uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t n = 0;
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return std::nullopt;
    uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (n > (limit - d) / 10) return std::nullopt;
    n = n * 10 + d;
  }
  return neg ? static_cast<int64_t>(0 - n) : static_cast<int64_t>(n);
}

// ---- upstream's scanner ----

struct Scanned {
  bool positive = true;
  std::string_view value;  // sign and number, no suffix
  std::string_view num;    // integer digits, leading zeros stripped ("0" if none)
  std::string_view denom;  // fraction digits
  std::string_view suffix;
};

bool ScanQuantity(std::string_view str, Scanned& out) {
  size_t pos = 0, end = str.size();
  if (pos < end && (str[0] == '-' || str[0] == '+')) {
    out.positive = str[0] != '-';
    ++pos;
  }
  while (pos < end && str[pos] == '0') ++pos;
  if (pos >= end) {  // only a sign and zeros
    out.num = out.value = "0";
    return true;
  }
  size_t i = pos;
  while (i < end && IsDigit(str[i])) ++i;
  out.num = str.substr(pos, i - pos);
  if (i >= end) {
    out.value = str;
    return true;
  }
  pos = i;
  if (out.num.empty()) out.num = "0";
  if (str[pos] == '.') {
    ++pos;
    i = pos;
    while (i < end && IsDigit(str[i])) ++i;
    out.denom = str.substr(pos, i - pos);
    if (i >= end) {
      out.value = str;
      return true;
    }
    pos = i;
  }
  out.value = str.substr(0, pos);
  size_t suffix_start = pos;
  while (pos < end && std::string_view("eEinumkKMGTP").find(str[pos]) != std::string_view::npos) ++pos;
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  while (pos < end && IsDigit(str[pos])) ++pos;
  if (pos < end) return false;  // something after the exponent digits
  out.suffix = str.substr(suffix_start);
  return true;
}

struct Suffix {
  int base;      // 10 or 2
  int32_t exponent;
  Format format;
};

std::optional<Suffix> InterpretSuffix(std::string_view s) {
  static constexpr std::pair<std::string_view, int32_t> kDecimal[] = {
      {"", 0}, {"n", -9}, {"u", -6}, {"m", -3}, {"k", 3}, {"M", 6}, {"G", 9}, {"T", 12}, {"P", 15}, {"E", 18}};
  static constexpr std::pair<std::string_view, int32_t> kBinary[] = {
      {"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  for (const auto& [name, e] : kDecimal) {
    if (s == name) return Suffix{10, e, Format::kDecimalSI};
  }
  for (const auto& [name, e] : kBinary) {
    if (s == name) return Suffix{2, e, Format::kBinarySI};
  }
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    std::optional<int64_t> parsed = ParseInt64(s.substr(1));
    if (!parsed) return std::nullopt;
    // Upstream keeps the exponent in an int32, truncating larger values.
    return Suffix{10, static_cast<int32_t>(*parsed), Format::kDecimalExponent};
  }
  return std::nullopt;
}

constexpr std::string_view DecimalSuffix(int64_t exponent) {
  switch (exponent) {
    case -9: return "n";
    case -6: return "u";
    case -3: return "m";
    case 0: return "";
    case 3: return "k";
    case 6: return "M";
    case 9: return "G";
    case 12: return "T";
    case 15: return "P";
    case 18: return "E";
    default: return "?";
  }
}

constexpr std::string_view kBinarySuffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

}  // namespace

StatusOr<Quantity> Quantity::Parse(std::string_view str) {
  if (str.empty()) return Status::BadRequest(kFormatWrong);
  Quantity q;
  if (str == "0") {
    q.text_ = "0";
    return q;
  }
  Scanned sc;
  if (!ScanQuantity(str, sc)) return Status::BadRequest(kFormatWrong);
  std::optional<Suffix> suffix = InterpretSuffix(sc.suffix);
  if (!suffix) return Status::BadRequest(kSuffixError);
  q.format_ = suffix->format;

  // Upstream's int64 fast path; when it applies and the digits are already
  // canonical, upstream keeps the input text as the quantity's string.
  int32_t precision = 0;
  int64_t scale = 0;
  int64_t mantissa = 1;
  if (suffix->base == 10) {
    scale = suffix->exponent;
    precision = 18 - static_cast<int32_t>(sc.num.size() + sc.denom.size());
  } else if (sc.denom.empty()) {
    mantissa = int64_t{1} << suffix->exponent;
    precision = 15 - static_cast<int32_t>(sc.num.size()) - (suffix->exponent * 3 / 10) - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0 && scale - static_cast<int64_t>(sc.denom.size()) >= -9) {
    scale -= static_cast<int64_t>(sc.denom.size());
    std::string shifted = std::string(sc.num) + std::string(sc.denom);
    int64_t value = *ParseInt64(shifted);  // at most 18 digits
    bool overflow = value != 0 && mantissa != 1 && value > std::numeric_limits<int64_t>::max() / mantissa;
    if (!overflow) {
      q.digits_ = StripLeadingZeros(std::to_string(value * mantissa));
      q.exp_ = scale;
      q.negative_ = !sc.positive && q.digits_ != "0";
      bool keep_text;
      if (suffix->base == 2) {
        keep_text = suffix->exponent % 10 == 0 && (value & 0x07) != 0;
      } else {
        keep_text = scale % 3 == 0 && !shifted.ends_with("000") && shifted[0] != '0';
      }
      if (keep_text) {
        q.text_ = std::string(str);
      } else {
        q.Canonicalize();
      }
      return q;
    }
  }

  // The exact path (upstream's inf.Dec): needs at least one digit.
  std::string digits;
  for (char c : sc.value) {
    if (IsDigit(c)) digits += c;
  }
  if (digits.empty()) return Status::BadRequest(kNumericError);
  digits = StripLeadingZeros(std::move(digits));
  int64_t exp = -static_cast<int64_t>(sc.denom.size());
  if (suffix->base == 10) {
    exp += suffix->exponent;
  } else {
    for (int e = suffix->exponent; e > 0; e -= 30) digits = MulSmall(digits, uint64_t{1} << std::min(e, 30));
  }
  // Anything finer than 1n rounds up to the next nano, away from zero.
  digits = RoundUpTo(digits, exp, -9, exp);
  if (q.format_ == Format::kBinarySI) {
    if (CompareMagnitude(digits, exp, kMaxInt64, 0) > 0) {
      digits = std::string(kMaxInt64);
      exp = 0;
    }
    if (digits != "0" && CompareMagnitude(digits, exp, "1", 0) < 0) q.format_ = Format::kDecimalSI;
  }
  q.digits_ = std::move(digits);
  q.exp_ = exp;
  q.negative_ = !sc.positive && q.digits_ != "0";
  q.Canonicalize();
  return q;
}

Quantity Quantity::FromScaled(int64_t value, int32_t scale, Format format) {
  Quantity q;
  q.negative_ = value < 0;
  uint64_t mag = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  q.digits_ = std::to_string(mag);
  q.exp_ = scale;
  q.format_ = format;
  q.Canonicalize();
  return q;
}

void Quantity::Canonicalize() {
  if (IsZero()) {
    text_ = "0";
    return;
  }
  std::string sign = negative_ ? "-" : "";
  Format format = format_;
  if (format == Format::kBinarySI) {
    // Between -1024 and 1024, and for values that are not whole numbers,
    // binary suffixes would round; upstream prints those as DecimalSI.
    std::optional<uint64_t> whole;
    if (CompareMagnitude(digits_, exp_, "1024", 0) >= 0) {
      int64_t e;
      std::string rounded = RoundUpTo(digits_, exp_, 0, e);
      if (CompareMagnitude(rounded, e, digits_, exp_) == 0) whole = IntegerPart(digits_, exp_);
    }
    if (!whole) {
      format = Format::kDecimalSI;
    } else {
      uint64_t n = *whole;
      size_t times = 0;
      while (n >= 1024 && n % 1024 == 0 && times + 1 < std::size(kBinarySuffixes)) {
        n /= 1024;
        ++times;
      }
      text_ = sign + std::to_string(n) + std::string(kBinarySuffixes[times]);
      return;
    }
  }
  // Base 10: move trailing zeros into the exponent, then lower the exponent
  // to a multiple of three.
  std::string d = digits_;
  int64_t e = exp_;
  size_t last = d.find_last_not_of('0');
  e += static_cast<int64_t>(d.size() - 1 - last);
  d.resize(last + 1);
  int64_t down = ((e % 3) + 3) % 3;
  d.append(static_cast<size_t>(down), '0');
  e -= down;
  std::string_view si = DecimalSuffix(e);
  if (format == Format::kDecimalSI && si != "?") {
    text_ = sign + d + std::string(si);
  } else {
    text_ = sign + d + (e == 0 ? "" : "e" + std::to_string(e));
  }
}

std::string Quantity::String() const { return text_.empty() ? "0" : text_; }

bool Quantity::IsZero() const { return digits_ == "0"; }

namespace {

int64_t Saturating(std::optional<uint64_t> mag, bool negative) {
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (!negative) return !mag || *mag > kMax ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(*mag);
  if (!mag || *mag > kMax + 1) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(0 - *mag);
}

}  // namespace

int64_t Quantity::Value() const { return Saturating(IntegerPart(digits_, exp_), negative_); }

int64_t Quantity::MilliValue() const { return Saturating(IntegerPart(digits_, exp_ + 3), negative_); }

int Quantity::Compare(const Quantity& other) const {
  int sa = Sign(), sb = other.Sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  int m = CompareMagnitude(digits_, exp_, other.digits_, other.exp_);
  return sa < 0 ? -m : m;
}

Quantity Quantity::Add(const Quantity& other) const {
  Quantity out;
  out.format_ = IsZero() ? other.format_ : format_;
  if (other.IsZero() || IsZero()) {
    const Quantity& nz = IsZero() ? other : *this;
    out.digits_ = nz.digits_;
    out.exp_ = nz.exp_;
    out.negative_ = nz.negative_;
  } else {
    // Align both to the smaller exponent.
    int64_t e = std::min(exp_, other.exp_);
    if (std::max(exp_, other.exp_) - e > kMaxAlignDigits) {
      const Quantity& big = CompareMagnitude(digits_, exp_, other.digits_, other.exp_) >= 0 ? *this : other;
      out.digits_ = big.digits_;
      out.exp_ = big.exp_;
      out.negative_ = big.negative_;
    } else {
      std::string a = digits_ + std::string(static_cast<size_t>(exp_ - e), '0');
      std::string b = other.digits_ + std::string(static_cast<size_t>(other.exp_ - e), '0');
      out.exp_ = e;
      if (negative_ == other.negative_) {
        out.digits_ = AddDigits(a, b);
        out.negative_ = negative_;
      } else if (CompareMagnitude(a, 0, b, 0) >= 0) {
        out.digits_ = SubDigits(a, b);
        out.negative_ = negative_;
      } else {
        out.digits_ = SubDigits(b, a);
        out.negative_ = other.negative_;
      }
      if (out.digits_ == "0") out.negative_ = false;
    }
  }
  out.Canonicalize();
  return out;
}

Quantity Quantity::Sub(const Quantity& other) const {
  Quantity neg = other;
  neg.negative_ = !other.negative_ && !other.IsZero();
  return Add(neg);
}

}  // namespace kubepp::api
