#include "store/record_file.h"

#include <array>

namespace kubepp::store {
namespace {

// CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, table driven.
constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kCrcTable = MakeTable();

void PutU32(uint32_t v, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

bool AllZero(std::string_view s) {
  for (char c : s) {
    if (c != 0) return false;
  }
  return true;
}

uint32_t Crc32cPortable(std::string_view data) {
  uint32_t c = 0xffffffffu;
  for (unsigned char b : data) c = kCrcTable[(c ^ b) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

#if defined(__x86_64__)
// The SSE4.2 crc32 instruction computes the same CRC-32C, 8 bytes at a time;
// every value stored passes through here, so it matters for write throughput.
__attribute__((target("sse4.2"))) uint32_t Crc32cSse42(std::string_view data) {
  uint64_t c = 0xffffffffu;
  const char* p = data.data();
  size_t n = data.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    __builtin_memcpy(&word, p, 8);
    c = __builtin_ia32_crc32di(c, word);
  }
  uint32_t c32 = static_cast<uint32_t>(c);
  for (; n > 0; ++p, --n) c32 = __builtin_ia32_crc32qi(c32, static_cast<unsigned char>(*p));
  return c32 ^ 0xffffffffu;
}
#endif

}  // namespace

uint32_t Crc32c(std::string_view data) {
#if defined(__x86_64__)
  static const bool kHardware = __builtin_cpu_supports("sse4.2");
  if (kHardware) return Crc32cSse42(data);
#endif
  return Crc32cPortable(data);
}

void AppendRecord(std::string_view payload, std::string* out) {
  PutU32(static_cast<uint32_t>(payload.size()), out);
  PutU32(Crc32c(payload), out);
  out->append(payload);
}

StatusOr<ParsedFile> ParseRecords(std::string_view data, const std::string& name) {
  ParsedFile out;
  size_t off = 0;
  while (off < data.size()) {
    std::string_view rest = data.substr(off);
    if (AllZero(rest)) {
      out.zero_tail = true;  // reserved ahead of appends that never came
      break;
    }
    if (rest.size() < kRecordHeaderSize) {
      out.torn_tail = true;
      break;
    }
    uint32_t len = GetU32(rest.data());
    uint32_t crc = GetU32(rest.data() + 4);
    if (len > rest.size() - kRecordHeaderSize) {
      // The record claims more bytes than the file has: an append cut short.
      out.torn_tail = true;
      break;
    }
    std::string_view payload = rest.substr(kRecordHeaderSize, len);
    if (len == 0 || Crc32c(payload) != crc) {
      if (AllZero(rest.substr(kRecordHeaderSize + len))) {
        out.torn_tail = true;  // the very last record, perhaps before reserved zeros: a torn write
        break;
      }
      return Status::DataLoss("store: corrupt record in " + name + " at byte offset " +
                              std::to_string(off) + " (checksum mismatch, " +
                              std::to_string(rest.size() - kRecordHeaderSize - len) +
                              " bytes of records follow)");
    }
    out.payloads.push_back(payload);
    off += kRecordHeaderSize + len;
  }
  out.valid_bytes = off;
  return out;
}

}  // namespace kubepp::store
