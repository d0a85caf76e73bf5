#include "api/codec/go_json_syntax.h"

#include <cstdio>
#include <vector>

namespace kubepp::api {
namespace {

// Go's scanner nests at most this deep.
constexpr size_t kMaxNestingDepth = 10000;

enum class Step {
  kBeginValueOrEmpty,
  kBeginValue,
  kBeginStringOrEmpty,
  kBeginString,
  kEndValue,
  kEndTop,
  kInString,
  kInStringEsc,
  kInStringEscU,
  kInStringEscU1,
  kInStringEscU12,
  kInStringEscU123,
  kNeg,
  kOne,   // in the integer part after a digit other than a leading 0
  kZero,  // after the integer part
  kDot,
  kDotDigits,
  kE,
  kESign,
  kEDigits,
  kT,
  kTr,
  kTru,
  kF,
  kFa,
  kFal,
  kFals,
  kN,
  kNu,
  kNul,
  kError,
};

enum class Parse { kObjectKey, kObjectValue, kArrayValue };

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsHex(unsigned char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// One byte at a time, as encoding/json's scanner steps.
class Scanner {
 public:
  void Feed(unsigned char c) {
    switch (step_) {
      case Step::kBeginValueOrEmpty:
        if (IsSpace(c)) return;
        if (c == ']') return EndValue(c);
        return BeginValue(c);
      case Step::kBeginValue:
        return BeginValue(c);
      case Step::kBeginStringOrEmpty:
        if (IsSpace(c)) return;
        if (c == '}') {
          stack_.back() = Parse::kObjectValue;
          return EndValue(c);
        }
        return BeginString(c);
      case Step::kBeginString:
        return BeginString(c);
      case Step::kEndValue:
        return EndValue(c);
      case Step::kEndTop:
        return EndTop(c);
      case Step::kInString:
        if (c == '"') {
          step_ = Step::kEndValue;
        } else if (c == '\\') {
          step_ = Step::kInStringEsc;
        } else if (c < 0x20) {
          Fail(c, "in string literal");
        }
        return;
      case Step::kInStringEsc:
        switch (c) {
          case 'b':
          case 'f':
          case 'n':
          case 'r':
          case 't':
          case '\\':
          case '/':
          case '"':
            step_ = Step::kInString;
            return;
          case 'u':
            step_ = Step::kInStringEscU;
            return;
          default:
            return Fail(c, "in string escape code");
        }
      case Step::kInStringEscU:
        return Hex(c, Step::kInStringEscU1);
      case Step::kInStringEscU1:
        return Hex(c, Step::kInStringEscU12);
      case Step::kInStringEscU12:
        return Hex(c, Step::kInStringEscU123);
      case Step::kInStringEscU123:
        return Hex(c, Step::kInString);
      case Step::kNeg:
        if (c == '0') {
          step_ = Step::kZero;
        } else if (c >= '1' && c <= '9') {
          step_ = Step::kOne;
        } else {
          Fail(c, "in numeric literal");
        }
        return;
      case Step::kOne:
        if (IsDigit(c)) return;
        return Zero(c);
      case Step::kZero:
        return Zero(c);
      case Step::kDot:
        if (IsDigit(c)) {
          step_ = Step::kDotDigits;
        } else {
          Fail(c, "after decimal point in numeric literal");
        }
        return;
      case Step::kDotDigits:
        if (IsDigit(c)) return;
        if (c == 'e' || c == 'E') {
          step_ = Step::kE;
          return;
        }
        return EndValue(c);
      case Step::kE:
        if (c == '+' || c == '-') {
          step_ = Step::kESign;
          return;
        }
        return ESign(c);
      case Step::kESign:
        return ESign(c);
      case Step::kEDigits:
        if (IsDigit(c)) return;
        return EndValue(c);
      case Step::kT:
        return Literal(c, 'r', Step::kTr, "in literal true (expecting 'r')");
      case Step::kTr:
        return Literal(c, 'u', Step::kTru, "in literal true (expecting 'u')");
      case Step::kTru:
        return Literal(c, 'e', Step::kEndValue, "in literal true (expecting 'e')");
      case Step::kF:
        return Literal(c, 'a', Step::kFa, "in literal false (expecting 'a')");
      case Step::kFa:
        return Literal(c, 'l', Step::kFal, "in literal false (expecting 'l')");
      case Step::kFal:
        return Literal(c, 's', Step::kFals, "in literal false (expecting 's')");
      case Step::kFals:
        return Literal(c, 'e', Step::kEndValue, "in literal false (expecting 'e')");
      case Step::kN:
        return Literal(c, 'u', Step::kNu, "in literal null (expecting 'u')");
      case Step::kNu:
        return Literal(c, 'l', Step::kNul, "in literal null (expecting 'l')");
      case Step::kNul:
        return Literal(c, 'l', Step::kEndValue, "in literal null (expecting 'l')");
      case Step::kError:
        return;
    }
  }

  // The end of the input: Go feeds one more space, which completes a number at the top level,
  // and complains about anything left open.
  std::optional<std::string> Finish() {
    if (error_) return error_;
    if (end_top_) return std::nullopt;
    Feed(' ');
    if (end_top_ && !error_) return std::nullopt;
    if (!error_) error_ = "unexpected end of JSON input";
    return error_;
  }
  bool failed() const { return error_.has_value(); }

 private:
  void Fail(unsigned char c, const char* context) {
    step_ = Step::kError;
    error_ = "invalid character " + GoQuoteChar(c) + " " + context;
  }

  void Push(unsigned char c, Parse p, Step next) {
    stack_.push_back(p);
    if (stack_.size() > kMaxNestingDepth) return Fail(c, "exceeded max depth");
    step_ = next;
  }

  void BeginValue(unsigned char c) {
    if (IsSpace(c)) return;
    switch (c) {
      case '{':
        return Push(c, Parse::kObjectKey, Step::kBeginStringOrEmpty);
      case '[':
        return Push(c, Parse::kArrayValue, Step::kBeginValueOrEmpty);
      case '"':
        step_ = Step::kInString;
        return;
      case '-':
        step_ = Step::kNeg;
        return;
      case '0':
        step_ = Step::kZero;
        return;
      case 't':
        step_ = Step::kT;
        return;
      case 'f':
        step_ = Step::kF;
        return;
      case 'n':
        step_ = Step::kN;
        return;
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      step_ = Step::kOne;
      return;
    }
    Fail(c, "looking for beginning of value");
  }

  void BeginString(unsigned char c) {
    if (IsSpace(c)) return;
    if (c == '"') {
      step_ = Step::kInString;
      return;
    }
    Fail(c, "looking for beginning of object key string");
  }

  void EndValue(unsigned char c) {
    if (stack_.empty()) {
      step_ = Step::kEndTop;
      end_top_ = true;
      return EndTop(c);
    }
    if (IsSpace(c)) {
      step_ = Step::kEndValue;
      return;
    }
    switch (stack_.back()) {
      case Parse::kObjectKey:
        if (c == ':') {
          stack_.back() = Parse::kObjectValue;
          step_ = Step::kBeginValue;
          return;
        }
        return Fail(c, "after object key");
      case Parse::kObjectValue:
        if (c == ',') {
          stack_.back() = Parse::kObjectKey;
          step_ = Step::kBeginString;
          return;
        }
        if (c == '}') return Pop();
        return Fail(c, "after object key:value pair");
      case Parse::kArrayValue:
        if (c == ',') {
          step_ = Step::kBeginValue;
          return;
        }
        if (c == ']') return Pop();
        return Fail(c, "after array element");
    }
  }

  void Pop() {
    stack_.pop_back();
    step_ = Step::kEndValue;
    if (stack_.empty()) {
      step_ = Step::kEndTop;
      end_top_ = true;
    }
  }

  void EndTop(unsigned char c) {
    if (!IsSpace(c)) Fail(c, "after top-level value");
  }

  void Zero(unsigned char c) {
    if (c == '.') {
      step_ = Step::kDot;
    } else if (c == 'e' || c == 'E') {
      step_ = Step::kE;
    } else {
      EndValue(c);
    }
  }

  void ESign(unsigned char c) {
    if (IsDigit(c)) {
      step_ = Step::kEDigits;
      return;
    }
    Fail(c, "in exponent of numeric literal");
  }

  void Hex(unsigned char c, Step next) {
    if (IsHex(c)) {
      step_ = next;
      return;
    }
    Fail(c, "in \\u hexadecimal character escape");
  }

  void Literal(unsigned char c, char want, Step next, const char* context) {
    if (c != want) return Fail(c, context);
    if (next == Step::kEndValue) {
      step_ = Step::kEndValue;
      return;
    }
    step_ = next;
  }

  Step step_ = Step::kBeginValue;
  std::vector<Parse> stack_;
  bool end_top_ = false;
  std::optional<std::string> error_;
};

// Go's strconv.IsPrint for the code points U+0000..U+00FF.
bool IsPrintLatin1(unsigned char c) { return (c >= 0x20 && c < 0x7f) || (c >= 0xa1 && c != 0xad); }

}  // namespace

std::string GoQuoteChar(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  switch (c) {
    case '\a':
      return "'\\a'";
    case '\b':
      return "'\\b'";
    case '\f':
      return "'\\f'";
    case '\n':
      return "'\\n'";
    case '\r':
      return "'\\r'";
    case '\t':
      return "'\\t'";
    case '\v':
      return "'\\v'";
    case '\\':
      return "'\\\\'";
    default:
      break;
  }
  char buf[16];
  if (IsPrintLatin1(c)) {
    if (c < 0x80) {
      buf[0] = '\'';
      buf[1] = static_cast<char>(c);
      buf[2] = '\'';
      return std::string(buf, 3);
    }
    // The code point U+00XX, in UTF-8.
    return std::string("'") + static_cast<char>(0xc0 | (c >> 6)) +
           static_cast<char>(0x80 | (c & 0x3f)) + "'";
  }
  if (c < 0x80) {
    std::snprintf(buf, sizeof buf, "'\\x%02x'", c);
  } else {
    std::snprintf(buf, sizeof buf, "'\\u%04x'", c);
  }
  return buf;
}

std::optional<std::string> GoJsonSyntaxError(std::string_view data) {
  Scanner scanner;
  for (char ch : data) {
    scanner.Feed(static_cast<unsigned char>(ch));
    if (scanner.failed()) break;
  }
  return scanner.Finish();
}

}  // namespace kubepp::api
