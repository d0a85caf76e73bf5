#include "api/labels/selector_lexer.h"

#include <optional>

namespace kubepp::api::internal {
namespace {

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsSpecialSymbol(char c) {
  switch (c) {
    case '=': case '!': case '(': case ')': case ',': case '>': case '<':
      return true;
    default:
      return false;
  }
}

// The tokens that have a fixed spelling.
std::optional<Token> Keyword(std::string_view s) {
  if (s == ")") return Token::kClosedPar;
  if (s == ",") return Token::kComma;
  if (s == "!") return Token::kDoesNotExist;
  if (s == "==") return Token::kDoubleEquals;
  if (s == "=") return Token::kEquals;
  if (s == ">") return Token::kGreaterThan;
  if (s == "in") return Token::kIn;
  if (s == "<") return Token::kLessThan;
  if (s == "!=") return Token::kNotEquals;
  if (s == "notin") return Token::kNotIn;
  if (s == "(") return Token::kOpenPar;
  return std::nullopt;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  ScannedItem Lex() {
    char c = Read();
    while (IsWhitespace(c)) c = Read();
    if (c == 0) return {Token::kEndOfString, ""};
    Unread();
    return IsSpecialSymbol(c) ? ScanSpecialSymbol() : ScanIdOrKeyword();
  }

 private:
  // 0 at the end of input, and for a NUL byte (which is consumed).
  char Read() { return pos_ < s_.size() ? s_[pos_++] : 0; }
  // Only ever called right after a Read() that returned a real character.
  void Unread() { --pos_; }

  ScannedItem ScanIdOrKeyword() {
    size_t start = pos_;
    size_t end = start;
    while (true) {
      char c = Read();
      if (c == 0) break;
      if (IsSpecialSymbol(c) || IsWhitespace(c)) {
        Unread();
        break;
      }
      end = pos_;
    }
    std::string literal(s_.substr(start, end - start));
    if (std::optional<Token> t = Keyword(literal)) return {*t, std::move(literal)};
    return {Token::kIdentifier, std::move(literal)};
  }

  // Longest run of special symbols that still spells a token ("!=" but "!" "(").
  ScannedItem ScanSpecialSymbol() {
    std::string buffer;
    std::optional<ScannedItem> last;
    while (true) {
      char c = Read();
      if (c == 0) break;
      if (!IsSpecialSymbol(c)) {
        Unread();
        break;
      }
      buffer += c;
      if (std::optional<Token> t = Keyword(buffer)) {
        last = ScannedItem{*t, buffer};
      } else if (last) {
        Unread();
        break;
      }
    }
    if (!last) return {Token::kError, "error expected: keyword found '" + buffer + "'"};
    return *last;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<ScannedItem> ScanSelector(std::string_view text) {
  Lexer lexer(text);
  std::vector<ScannedItem> items;
  while (true) {
    items.push_back(lexer.Lex());
    if (items.back().token == Token::kEndOfString) return items;
  }
}

}  // namespace kubepp::api::internal
