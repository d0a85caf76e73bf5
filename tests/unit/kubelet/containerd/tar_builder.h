// TarBuilder: tar archives laid out as tar writers do, for tests of readers (checksums are
// not filled in: kubepp's reader does not check them).
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

namespace kubepp::kubelet::containerd {

class TarBuilder {
 public:
  enum class Format { kGnu, kUstar };

  TarBuilder& Add(const std::string& name, const std::string& data, char type = '0', Format format = Format::kGnu,
                  const std::string& prefix = "") {
    char header[512] = {};
    std::memcpy(header, name.data(), std::min<size_t>(name.size(), 100));
    std::snprintf(header + 100, 8, "%07o", 0644);
    std::snprintf(header + 124, 12, "%011lo", static_cast<unsigned long>(data.size()));
    header[156] = type;
    if (format == Format::kUstar) {
      std::memcpy(header + 257, "ustar\0" "00", 8);
      std::memcpy(header + 345, prefix.data(), std::min<size_t>(prefix.size(), 155));
    } else {
      std::memcpy(header + 257, "ustar  \0", 8);
    }
    out_.append(header, 512);
    out_ += data;
    out_.append((512 - data.size() % 512) % 512, '\0');
    return *this;
  }
  // A size in base-256, as tar writers store sizes of 8 GiB and more.
  TarBuilder& AddBase256Size(const std::string& name, const std::string& data) {
    Add(name, data);
    char* header = out_.data() + out_.size() - 512 * (1 + (data.size() + 511) / 512);
    std::memset(header + 124, 0, 12);
    header[124] = static_cast<char>(0x80);
    header[135] = static_cast<char>(data.size());
    return *this;
  }
  std::string Finish() { return out_ + std::string(1024, '\0'); }

 private:
  std::string out_;
};

}  // namespace kubepp::kubelet::containerd
