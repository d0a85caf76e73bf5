#include "api/codec/json_spans.h"

#include <array>
#include <boost/json/stream_parser.hpp>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "api/codec/codec.h"

namespace kubepp::api {
namespace {

constexpr size_t kNpos = std::string_view::npos;

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

size_t SkipSpace(std::string_view t, size_t i) {
  while (i < t.size() && IsSpace(t[i])) ++i;
  return i;
}

// `p` is one past a string's opening quote; returns one past its closing
// quote, nullptr when the text ends first. Sixteen bytes at a time: strings
// in stored objects run from two-byte keys to annotations of kilobytes.
const char* SkipStringBody(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (end - p >= 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash))));
    if (mask == 0) {
      p += 16;
      continue;
    }
    p += __builtin_ctz(mask);
    if (*p == '"') return p + 1;
    p += 2;  // a backslash and the byte it escapes
  }
#endif
  while (p < end) {
    if (*p == '"') return p + 1;
    p += *p == '\\' ? 2 : 1;
  }
  return nullptr;
}

// `t[i]` is a string's opening quote; returns one past its closing quote.
size_t SkipString(std::string_view t, size_t i) {
  const char* end = SkipStringBody(t.data() + i + 1, t.data() + t.size());
  return end == nullptr ? kNpos : static_cast<size_t>(end - t.data());
}

// What the skipper does at each byte: 0 nothing, 1 a string starts,
// 2 a container opens, 3 one closes.
constexpr std::array<unsigned char, 256> ByteClasses() {
  std::array<unsigned char, 256> c{};
  c['"'] = 1;
  c['{'] = c['['] = 2;
  c['}'] = c[']'] = 3;
  return c;
}
constexpr std::array<unsigned char, 256> kByteClass = ByteClasses();

}  // namespace

size_t SkipJsonValue(std::string_view t, size_t i) {
  i = SkipSpace(t, i);
  if (i >= t.size()) return kNpos;
  char c = t[i];
  if (c == '"') return SkipString(t, i);
  if (c == '{' || c == '[') {
    const char* p = t.data() + i;
    const char* end = t.data() + t.size();
    int depth = 0;
    while (p < end) {
      switch (kByteClass[static_cast<unsigned char>(*p)]) {
        case 0:
          ++p;
          continue;
        case 1:
          p = SkipStringBody(p + 1, end);
          if (p == nullptr) return kNpos;
          continue;
        case 2:
          ++depth;
          break;
        default:
          if (--depth == 0) return static_cast<size_t>(p + 1 - t.data());
          break;
      }
      ++p;
    }
    return kNpos;
  }
  size_t start = i;
  while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']' && !IsSpace(t[i])) ++i;
  return i > start ? i : kNpos;
}

namespace {

// Where the member `key` of the object at `open` and its value begin, with
// value_end left 0: finding a member needs the ends of those before it, not
// its own (a caller descending into it would skip it twice).
std::optional<MemberSpan> FindMemberStart(std::string_view t, size_t open, std::string_view key) {
  if (open >= t.size() || t[open] != '{') return std::nullopt;
  size_t i = open + 1;
  for (;;) {
    i = SkipSpace(t, i);
    if (i >= t.size() || t[i] != '"') return std::nullopt;  // '}' (not found) or malformed
    MemberSpan span;
    span.member_begin = i;
    size_t key_end = SkipString(t, i);
    if (key_end == kNpos) return std::nullopt;
    std::string_view name = t.substr(i + 1, key_end - i - 2);
    i = SkipSpace(t, key_end);
    if (i >= t.size() || t[i] != ':') return std::nullopt;
    span.value_begin = SkipSpace(t, i + 1);
    if (name == key) return span;
    size_t value_end = SkipJsonValue(t, span.value_begin);
    if (value_end == kNpos) return std::nullopt;
    i = SkipSpace(t, value_end);
    if (i >= t.size() || t[i] != ',') return std::nullopt;
    ++i;
  }
}

}  // namespace

std::optional<MemberSpan> FindJsonMember(std::string_view t, size_t open, std::string_view key) {
  auto span = FindMemberStart(t, open, key);
  if (!span) return std::nullopt;
  span->value_end = SkipJsonValue(t, span->value_begin);
  if (span->value_end == kNpos) return std::nullopt;
  return span;
}

std::vector<size_t> JsonArrayElements(std::string_view t, size_t open) {
  std::vector<size_t> out;
  if (open >= t.size() || t[open] != '[') return out;
  size_t i = SkipSpace(t, open + 1);
  if (i < t.size() && t[i] == ']') return out;
  for (;;) {
    i = SkipSpace(t, i);
    size_t end = SkipJsonValue(t, i);
    if (end == kNpos) return {};
    out.push_back(i);
    i = SkipSpace(t, end);
    if (i < t.size() && t[i] == ']') return out;
    if (i >= t.size() || t[i] != ',') return {};
    ++i;
  }
}

std::optional<JsonCut> JsonMemberCut(std::string_view t, size_t open,
                                     std::initializer_list<std::string_view> path,
                                     std::string_view* value) {
  std::optional<MemberSpan> span;
  for (std::string_view key : path) {
    if (span) {
      open = span->value_begin;
      if (open >= t.size() || t[open] != '{') return std::nullopt;
    }
    span = FindMemberStart(t, open, key);
    if (!span) return std::nullopt;
  }
  if (!span) return std::nullopt;
  span->value_end = SkipJsonValue(t, span->value_begin);
  if (span->value_end == kNpos) return std::nullopt;
  JsonCut cut{span->member_begin, span->value_end};
  // The comma before the member, else the one after it.
  size_t before = cut.begin;
  while (before > 0 && IsSpace(t[before - 1])) --before;
  if (before > 0 && t[before - 1] == ',') {
    cut.begin = before - 1;
  } else {
    size_t after = SkipSpace(t, cut.end);
    if (after < t.size() && t[after] == ',') cut.end = after + 1;
  }
  if (value != nullptr) *value = t.substr(span->value_begin, span->value_end - span->value_begin);
  return cut;
}

StatusOr<boost::json::value> ParseJsonWithCuts(std::string_view t, const std::vector<JsonCut>& cuts,
                                               boost::json::storage_ptr storage) {
  // The constructor's resource is only for the parser's own stack (here a
  // local buffer); the parsed value goes to `storage`, set by reset().
  unsigned char stack[4096];
  boost::json::stream_parser parser({}, JsonParseOptions(), stack);
  parser.reset(std::move(storage));
  boost::system::error_code ec;
  size_t at = 0;
  for (const JsonCut& cut : cuts) {
    if (cut.begin < at || cut.end < cut.begin || cut.end > t.size())
      return Status::Internal("bad JSON cuts");
    parser.write(t.data() + at, cut.begin - at, ec);
    if (ec) return Status::BadRequest("json parse error: " + ec.message());
    at = cut.end;
  }
  parser.write(t.data() + at, t.size() - at, ec);
  if (!ec) parser.finish(ec);
  if (ec) return Status::BadRequest("json parse error: " + ec.message());
  return parser.release();
}

}  // namespace kubepp::api
