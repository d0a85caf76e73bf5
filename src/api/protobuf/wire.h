// The protobuf wire format at its lowest level: varints, tags and
// length-delimited fields. The reader never reads past its input and reports
// malformed data instead of trusting lengths.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::api::protobuf {

enum WireType : int { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// One field as read from the wire.
struct WireField {
  int number = 0;
  WireType type = kVarint;
  uint64_t varint = 0;     // kVarint, kFixed64, kFixed32
  std::string_view bytes;  // kLengthDelimited
};

class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}

  bool done() const { return pos_ >= data_.size(); }
  // Reads the next field. REQUIRES: !done(). Fails with a "proto: ..." message.
  Status Next(WireField* field);
  // Reads one varint (for packed repeated fields).
  Status ReadVarint(uint64_t* v);

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// The bytes Varint(v) writes (for sizing a length-delimited field up front).
size_t VarintSize(uint64_t v);

class WireWriter {
 public:
  void Varint(uint64_t v);
  void Tag(int number, WireType type) { Varint((static_cast<uint64_t>(number) << 3) | type); }
  void VarintField(int number, uint64_t v) {
    Tag(number, kVarint);
    Varint(v);
  }
  void BytesField(int number, std::string_view bytes) {
    Tag(number, kLengthDelimited);
    Varint(bytes.size());
    out_.append(bytes);
  }
  void Fixed64Field(int number, uint64_t v);
  void Fixed32Field(int number, uint32_t v);

  std::string& out() { return out_; }

 private:
  std::string out_;
};

}  // namespace kubepp::api::protobuf
