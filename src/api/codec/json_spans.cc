#include "api/codec/json_spans.h"

#include <boost/json/stream_parser.hpp>
#include <cstdint>
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

// Bit i of each mask stands for byte i of a 64-byte block.
struct BlockMasks {
  uint64_t quotes = 0, backslashes = 0, opens = 0, closes = 0;
};

BlockMasks Classify(const char* block) {
  BlockMasks m;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i open_brace = _mm_set1_epi8('{'), open_bracket = _mm_set1_epi8('[');
  const __m128i close_brace = _mm_set1_epi8('}'), close_bracket = _mm_set1_epi8(']');
  for (int part = 0; part < 4; ++part) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * part));
    auto bits = [&](__m128i eq) {
      return static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(eq))) << (16 * part);
    };
    m.quotes |= bits(_mm_cmpeq_epi8(v, quote));
    m.backslashes |= bits(_mm_cmpeq_epi8(v, backslash));
    m.opens |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, open_brace), _mm_cmpeq_epi8(v, open_bracket)));
    m.closes |=
        bits(_mm_or_si128(_mm_cmpeq_epi8(v, close_brace), _mm_cmpeq_epi8(v, close_bracket)));
  }
#else
  for (int i = 0; i < 64; ++i) {
    uint64_t bit = uint64_t{1} << i;
    char c = block[i];
    if (c == '"') m.quotes |= bit;
    if (c == '\\') m.backslashes |= bit;
    if (c == '{' || c == '[') m.opens |= bit;
    if (c == '}' || c == ']') m.closes |= bit;
  }
#endif
  return m;
}

// The bytes escaped by a backslash: those after an odd run of backslashes.
// `carry` is 1 when the previous block ended in an unfinished escape, and is
// set the same way for the next block.
uint64_t EscapedBytes(uint64_t backslashes, uint64_t& carry) {
  constexpr uint64_t kEvenBits = 0x5555555555555555ULL;
  backslashes &= ~carry;  // an escaped backslash escapes nothing
  uint64_t follows_backslash = (backslashes << 1) | carry;
  // Runs that start on an odd bit, added to the backslashes, carry out of
  // their run; those starting on an even bit flip the escape parity.
  uint64_t odd_starts = backslashes & ~kEvenBits & ~follows_backslash;
  uint64_t sum = 0;
  carry = __builtin_add_overflow(odd_starts, backslashes, &sum) ? 1 : 0;
  uint64_t even_start_runs = sum << 1;
  return (kEvenBits ^ even_start_runs) & follows_backslash;
}

// Bit i set when an odd number of bits at or below i are set.
uint64_t PrefixXor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// `p` is a container's opening bracket; returns one past its closing
// bracket, nullptr when the text ends first. Skipping a pod's managedFields
// or spec is most of a Table row's work, so bytes are classified 64 at a
// time: unescaped quotes' running parity marks what is inside strings, and
// only brackets outside strings move the depth.
const char* SkipContainer(const char* p, const char* end) {
  int depth = 0;
  uint64_t in_string = 0;  // all ones while a string runs on from the last block
  uint64_t escape_carry = 0;
  char tail[64];
  while (p < end) {
    const char* block = p;
    size_t n = static_cast<size_t>(end - p);
    if (n < 64) {  // the last block, padded with spaces (which are nothing)
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, p, n);
      block = tail;
    }
    BlockMasks m = Classify(block);
    uint64_t quotes = m.quotes & ~EscapedBytes(m.backslashes, escape_carry);
    uint64_t inside = PrefixXor(quotes) ^ in_string;
    in_string = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
    uint64_t opens = m.opens & ~inside;
    uint64_t closes = m.closes & ~inside;
    int n_closes = __builtin_popcountll(closes);
    if (depth > n_closes) {  // the depth cannot reach 0 within this block
      depth += __builtin_popcountll(opens) - n_closes;
    } else {
      for (uint64_t brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
        int at = __builtin_ctzll(brackets);
        if ((opens >> at) & 1) {
          ++depth;
        } else if (--depth == 0) {
          return p + at + 1;
        }
      }
    }
    p += 64;
  }
  return nullptr;
}

}  // namespace

size_t SkipJsonValue(std::string_view t, size_t i) {
  i = SkipSpace(t, i);
  if (i >= t.size()) return kNpos;
  char c = t[i];
  if (c == '"') return SkipString(t, i);
  if (c == '{' || c == '[') {
    const char* end = SkipContainer(t.data() + i, t.data() + t.size());
    return end == nullptr ? kNpos : static_cast<size_t>(end - t.data());
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
