#include "net/spdy/header_block.h"

#include <zlib.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>

#include "net/big_endian.h"

namespace kubepp::net::spdy {
namespace {

bool GetU32(std::string_view& in, uint32_t* v) {
  if (in.size() < 4) return false;
  *v = ReadU32(in.data());
  in.remove_prefix(4);
  return true;
}

}  // namespace

std::string EncodeHeaderBlock(const HeaderList& headers) {
  std::string out;
  PutU32(out, static_cast<uint32_t>(headers.size()));
  for (const auto& [name, value] : headers) {
    PutU32(out, static_cast<uint32_t>(name.size()));
    for (char c : name) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    PutU32(out, static_cast<uint32_t>(value.size()));
    out.append(value);
  }
  return out;
}

StatusOr<HeaderList> DecodeHeaderBlock(std::string_view block) {
  uint32_t count = 0;
  if (!GetU32(block, &count)) return Status::BadRequest("spdy: truncated header block");
  // Every pair takes at least 8 bytes: a count beyond that is a lie.
  if (count > block.size() / 8) return Status::BadRequest("spdy: header count exceeds the block");
  HeaderList out;
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t name_len = 0, value_len = 0;
    if (!GetU32(block, &name_len) || name_len > block.size()) return Status::BadRequest("spdy: truncated header name");
    std::string name(block.substr(0, name_len));
    block.remove_prefix(name_len);
    if (name.empty()) return Status::BadRequest("spdy: empty header name");
    for (char c : name) {
      if (std::isupper(static_cast<unsigned char>(c))) return Status::BadRequest("spdy: header was not lowercased");
    }
    for (const auto& seen : out) {
      if (seen.first == name) return Status::BadRequest("spdy: multiple headers with same name");
    }
    if (!GetU32(block, &value_len) || value_len > block.size()) {
      return Status::BadRequest("spdy: truncated header value");
    }
    out.emplace_back(std::move(name), std::string(block.substr(0, value_len)));
    block.remove_prefix(value_len);
  }
  if (!block.empty()) return Status::BadRequest("spdy: bytes after the header block");
  return out;
}

const std::string* FindHeader(const HeaderList& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return &value;
  }
  return nullptr;
}

struct HeaderCompressor::State {
  z_stream z{};
};

HeaderCompressor::HeaderCompressor() : state_(std::make_unique<State>()) {
  // Memory for these calls is small and fixed; failures here mean the
  // process is out of memory, which nothing here can recover from.
  if (deflateInit(&state_->z, Z_BEST_COMPRESSION) != Z_OK) std::abort();
  auto dict = HeaderDictionary();
  if (deflateSetDictionary(&state_->z, reinterpret_cast<const Bytef*>(dict.data()),
                           static_cast<uInt>(dict.size())) != Z_OK) {
    std::abort();
  }
}

HeaderCompressor::~HeaderCompressor() { deflateEnd(&state_->z); }

std::string HeaderCompressor::Compress(const HeaderList& headers) {
  std::string block = EncodeHeaderBlock(headers);
  std::string out;
  z_stream& z = state_->z;
  z.next_in = reinterpret_cast<Bytef*>(block.data());
  z.avail_in = static_cast<uInt>(block.size());
  char chunk[4096];
  do {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    int rc = deflate(&z, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR) std::abort();
    out.append(chunk, sizeof chunk - z.avail_out);
  } while (z.avail_out == 0);
  return out;
}

struct HeaderDecompressor::State {
  z_stream z{};
};

HeaderDecompressor::HeaderDecompressor(size_t max_block) : state_(std::make_unique<State>()), max_block_(max_block) {
  if (inflateInit(&state_->z) != Z_OK) std::abort();
}

HeaderDecompressor::~HeaderDecompressor() { inflateEnd(&state_->z); }

StatusOr<HeaderList> HeaderDecompressor::Decompress(std::string_view compressed) {
  if (broken_) return Status::BadRequest("spdy: the header decompression context failed earlier");
  z_stream& z = state_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  std::string block;
  char chunk[4096];
  while (z.avail_in > 0) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    int rc = inflate(&z, Z_SYNC_FLUSH);
    if (rc == Z_NEED_DICT) {
      auto dict = HeaderDictionary();
      rc = inflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dict.data()), static_cast<uInt>(dict.size()));
      if (rc != Z_OK) break;
      continue;
    }
    block.append(chunk, sizeof chunk - z.avail_out);
    if (block.size() > max_block_) {
      broken_ = true;
      return Status::BadRequest("spdy: header block exceeds " + std::to_string(max_block_) + " bytes");
    }
    if (rc == Z_STREAM_END) {
      // A session's stream never ends; a peer that ends it sent garbage.
      broken_ = true;
      return Status::BadRequest("spdy: the header compression stream ended");
    }
    if (rc == Z_BUF_ERROR && z.avail_out != 0) break;  // no progress possible
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      broken_ = true;
      return Status::BadRequest(std::string("spdy: header block does not decompress: ") + (z.msg ? z.msg : "zlib error"));
    }
  }
  if (z.avail_in != 0) {
    broken_ = true;
    return Status::BadRequest("spdy: header block does not decompress");
  }
  // zlib may hold output back until asked once more with no input.
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    int rc = inflate(&z, Z_SYNC_FLUSH);
    block.append(chunk, sizeof chunk - z.avail_out);
    if (block.size() > max_block_) {
      broken_ = true;
      return Status::BadRequest("spdy: header block exceeds " + std::to_string(max_block_) + " bytes");
    }
    if (rc != Z_OK || z.avail_out != 0) break;
  }
  auto headers = DecodeHeaderBlock(block);
  if (!headers.ok()) broken_ = true;
  return headers;
}

}  // namespace kubepp::net::spdy
