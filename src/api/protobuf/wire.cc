#include "api/protobuf/wire.h"

namespace kubepp::api::protobuf {

Status WireReader::ReadVarint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= data_.size()) return Status::BadRequest("proto: unexpected end of data in varint");
    uint8_t b = static_cast<uint8_t>(data_[pos_++]);
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *v = result;
      return Status::Ok();
    }
  }
  return Status::BadRequest("proto: integer overflow in varint");
}

Status WireReader::Next(WireField* field) {
  uint64_t tag = 0;
  KUBEPP_RETURN_IF_ERROR(ReadVarint(&tag));
  uint64_t number = tag >> 3;
  if (number == 0 || number > 0x1fffffff)
    return Status::BadRequest("proto: illegal field number " + std::to_string(number));
  field->number = static_cast<int>(number);
  field->type = static_cast<WireType>(tag & 7);
  switch (field->type) {
    case kVarint:
      return ReadVarint(&field->varint);
    case kFixed64:
    case kFixed32: {
      size_t n = field->type == kFixed64 ? 8 : 4;
      if (data_.size() - pos_ < n)
        return Status::BadRequest("proto: unexpected end of data in fixed field");
      uint64_t v = 0;
      for (size_t i = 0; i < n; ++i)
        v |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
      pos_ += n;
      field->varint = v;
      return Status::Ok();
    }
    case kLengthDelimited: {
      uint64_t len = 0;
      KUBEPP_RETURN_IF_ERROR(ReadVarint(&len));
      if (len > data_.size() - pos_) return Status::BadRequest("proto: length exceeds the data");
      field->bytes = data_.substr(pos_, len);
      pos_ += len;
      return Status::Ok();
    }
    default:
      return Status::BadRequest("proto: illegal wireType " + std::to_string(tag & 7) +
                                " for field " + std::to_string(number));
  }
}

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

void WireWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void WireWriter::Fixed64Field(int number, uint64_t v) {
  Tag(number, kFixed64);
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void WireWriter::Fixed32Field(int number, uint32_t v) {
  Tag(number, kFixed32);
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace kubepp::api::protobuf
