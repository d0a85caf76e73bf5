#include "kubelet/container/expansion.h"

#include <vector>

namespace kubepp::kubelet::container {
namespace {

constexpr char kOperator = '$';
constexpr char kOpener = '(';
constexpr char kCloser = ')';

struct Read {
  std::string_view text;  // the name when is_var, else the text to copy
  bool is_var;
  size_t advance;  // bytes consumed after the operator
};

// `rest` is the input right after a '$' and is never empty.
Read ReadVariableName(std::string_view rest) {
  if (rest[0] == kOperator) return {rest.substr(0, 1), false, 1};  // "$$": an escaped operator
  if (rest[0] == kOpener) {
    for (size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] == kCloser) return {rest.substr(1, i - 1), true, i + 1};
    }
    // Unterminated: give back "$(" and continue scanning after the '('.
    return {"$(", false, 1};
  }
  // A '$' that starts no expression: keep it and the character after it.
  return {std::string_view(), false, 1};
}

// Upstream appends string(input[0]) for the byte after a bare '$': Go turns
// that byte into the rune of the same number, so a byte >= 0x80 (the start
// of a multi-byte character) comes out as the two-byte UTF-8 form of
// U+0080..U+00FF. Reproduced so that containers see the same bytes.
void AppendByteAsRune(std::string& out, unsigned char b) {
  if (b < 0x80) {
    out += static_cast<char>(b);
    return;
  }
  out += static_cast<char>(0xC0 | (b >> 6));
  out += static_cast<char>(0x80 | (b & 0x3F));
}

}  // namespace

std::string Expand(std::string_view input, const ExpansionMapping& mapping) {
  std::string out;
  out.reserve(input.size());
  size_t checkpoint = 0;
  for (size_t cursor = 0; cursor < input.size(); ++cursor) {
    if (input[cursor] != kOperator || cursor + 1 >= input.size()) continue;
    out.append(input.substr(checkpoint, cursor - checkpoint));
    Read read = ReadVariableName(input.substr(cursor + 1));
    if (read.is_var) {
      out += mapping(read.text);
    } else if (read.text.empty()) {
      out += kOperator;
      AppendByteAsRune(out, static_cast<unsigned char>(input[cursor + 1]));
    } else {
      out.append(read.text);
    }
    cursor += read.advance;
    checkpoint = cursor + 1;
  }
  out.append(input.substr(checkpoint));
  return out;
}

ExpansionMapping MappingFor(std::initializer_list<const EnvMap*> contexts) {
  std::vector<const EnvMap*> list(contexts);
  return [list](std::string_view name) -> std::string {
    for (const auto* vars : list) {
      if (vars == nullptr) continue;
      auto it = vars->find(name);
      if (it != vars->end()) return it->second;
    }
    std::string wrapped = "$(";
    wrapped += name;
    wrapped += ')';
    return wrapped;
  };
}

}  // namespace kubepp::kubelet::container
