#include "kubelet/containerd/docker_archive.h"

#include <boost/json.hpp>

#include <cstring>
#include <fstream>

namespace kubepp::kubelet::containerd {
namespace {

constexpr size_t kBlock = 512;
// manifest.json of a real archive is a few hundred bytes; anything huge is not one.
constexpr uint64_t kMaxManifestBytes = 4 << 20;

// A NUL-terminated (or full-width) field of a tar header.
std::string Field(const char* header, size_t offset, size_t width) {
  const char* start = header + offset;
  return std::string(start, strnlen(start, width));
}

// Tar numbers are octal text, or base-256 binary when the high bit of the first byte is set.
uint64_t ParseNumber(const char* header, size_t offset, size_t width) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(header + offset);
  uint64_t value = 0;
  if (p[0] & 0x80) {
    for (size_t i = 1; i < width; ++i) value = (value << 8) | p[i];
    return value;
  }
  size_t i = 0;
  while (i < width && (p[i] == ' ' || p[i] == 0)) ++i;
  for (; i < width && p[i] >= '0' && p[i] <= '7'; ++i) value = value * 8 + (p[i] - '0');
  return value;
}

bool AllZero(const char* block) {
  for (size_t i = 0; i < kBlock; ++i) {
    if (block[i] != 0) return false;
  }
  return true;
}

// The "path" record of a pax extended header ("<len> path=<value>\n" records).
std::string PaxPath(const std::string& records) {
  size_t pos = 0;
  while (pos < records.size()) {
    size_t space = records.find(' ', pos);
    if (space == std::string::npos) break;
    size_t length = std::strtoul(records.c_str() + pos, nullptr, 10);
    if (length == 0 || pos + length > records.size()) break;
    std::string record = records.substr(space + 1, pos + length - space - 2);  // without '\n'
    if (record.rfind("path=", 0) == 0) return record.substr(5);
    pos += length;
  }
  return "";
}

bool ReadExactly(std::istream& in, std::string* out, uint64_t size) {
  out->resize(size);
  in.read(out->data(), static_cast<std::streamsize>(size));
  return static_cast<uint64_t>(in.gcount()) == size;
}

void SkipPadded(std::istream& in, uint64_t size) {
  uint64_t padded = (size + kBlock - 1) / kBlock * kBlock;
  in.seekg(static_cast<std::streamoff>(padded), std::ios::cur);
}

}  // namespace

StatusOr<std::vector<DockerArchiveImage>> ParseDockerArchiveManifest(const std::string& manifest_json) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(manifest_json, ec);
  if (ec || !doc.is_array()) return Status::BadRequest("manifest.json is not a JSON array");
  std::vector<DockerArchiveImage> images;
  for (const boost::json::value& entry : doc.get_array()) {
    const boost::json::object* obj = entry.if_object();
    const boost::json::value* config = obj ? obj->if_contains("Config") : nullptr;
    if (!config || !config->is_string()) return Status::BadRequest("manifest.json: an entry has no Config");
    // The config blob is named by its digest: "<hex>.json" or "blobs/sha256/<hex>".
    std::string name(config->get_string());
    size_t slash = name.rfind('/');
    std::string hex = slash == std::string::npos ? name : name.substr(slash + 1);
    if (hex.size() > 5 && hex.compare(hex.size() - 5, 5, ".json") == 0) hex.resize(hex.size() - 5);
    if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return Status::BadRequest("manifest.json: Config \"" + name + "\" is not named by its sha256 digest");
    }
    DockerArchiveImage image;
    image.id = "sha256:" + hex;
    if (const boost::json::value* tags = obj->if_contains("RepoTags"); tags && tags->is_array()) {
      for (const boost::json::value& tag : tags->get_array()) {
        if (tag.is_string()) image.repo_tags.emplace_back(tag.get_string());
      }
    }
    images.push_back(std::move(image));
  }
  return images;
}

StatusOr<std::vector<DockerArchiveImage>> ReadDockerArchive(std::istream& in) {
  char header[kBlock];
  std::string long_name;  // from a GNU 'L' entry or a pax 'x' header, for the next entry
  while (in.read(header, kBlock)) {
    if (AllZero(header)) break;  // end of archive
    uint64_t size = ParseNumber(header, 124, 12);
    char type = header[156];
    if (type == 'L' || type == 'x') {
      if (size > kMaxManifestBytes) return Status::BadRequest("tar: oversized extended header");
      std::string data;
      if (!ReadExactly(in, &data, size)) return Status::BadRequest("tar: truncated extended header");
      // Skip the padding after the data.
      uint64_t pad = (kBlock - size % kBlock) % kBlock;
      in.seekg(static_cast<std::streamoff>(pad), std::ios::cur);
      long_name = type == 'L' ? std::string(data.c_str()) : PaxPath(data);
      continue;
    }
    std::string name = long_name;
    long_name.clear();
    if (name.empty()) {
      name = Field(header, 0, 100);
      std::string prefix = Field(header, 345, 155);
      if (std::memcmp(header + 257, "ustar", 5) == 0 && !prefix.empty() && header[263] == '0') {
        name = prefix + "/" + name;  // POSIX ustar; GNU headers keep other data there
      }
    }
    if (name.rfind("./", 0) == 0) name = name.substr(2);
    bool regular = type == '0' || type == 0;
    if (regular && name == "manifest.json") {
      if (size > kMaxManifestBytes) return Status::BadRequest("tar: manifest.json is too large");
      std::string manifest;
      if (!ReadExactly(in, &manifest, size)) return Status::BadRequest("tar: truncated manifest.json");
      return ParseDockerArchiveManifest(manifest);
    }
    SkipPadded(in, size);
    if (!in) return Status::BadRequest("tar: truncated archive");
  }
  return Status::NotFound("no manifest.json in the archive (not a docker-archive)");
}

StatusOr<std::vector<DockerArchiveImage>> ReadDockerArchiveFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  auto images = ReadDockerArchive(in);
  if (!images.ok()) return Status(images.status().reason(), path + ": " + images.status().message());
  return images;
}

}  // namespace kubepp::kubelet::containerd
