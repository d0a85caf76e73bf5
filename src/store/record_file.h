// Framing shared by WAL segments and snapshot files, and the CRC that guards it.
//
// ON-DISK FORMAT — DO NOT CHANGE (files written by older builds must replay):
//   A file is a sequence of records. Each record is
//     [u32 little-endian: payload length][u32 little-endian: CRC-32C of payload][payload]
//   The payload's first byte is its record type (see wal_codec.h). Records are
//   written whole with one write(2) each; a crash can leave only the last
//   record incomplete.
//
// Reading classifies where the valid prefix of a file ends:
//   - clean end: every byte belongs to a complete record with a good CRC;
//   - zero tail: everything after the last good record is zero bytes — space a
//     WAL segment reserved ahead of its appends (WritableFile::Reserve), or a
//     block the file grew by before a crash wrote into it; nothing is lost;
//   - torn tail: the last record is incomplete, or it is followed by nothing
//     but zeros and its CRC is bad — a crash during the final append; the
//     caller truncates the file there;
//   - corruption: a bad record followed by more data; this never comes from a
//     crash and is reported as kDataLoss with the file name and byte offset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::store {

constexpr size_t kRecordHeaderSize = 8;

uint32_t Crc32c(std::string_view data);

// Appends one framed record holding `payload` to `out`.
void AppendRecord(std::string_view payload, std::string* out);

struct ParsedFile {
  std::vector<std::string_view> payloads;  // views into the caller's buffer
  uint64_t valid_bytes = 0;                // length of the valid prefix
  bool torn_tail = false;                  // bytes after valid_bytes are a torn record
  bool zero_tail = false;                  // bytes after valid_bytes are all zero
};

// Splits `data` (the whole file named `name`) into records. kDataLoss on
// corruption before the tail, naming the file and offset.
StatusOr<ParsedFile> ParseRecords(std::string_view data, const std::string& name);

}  // namespace kubepp::store
