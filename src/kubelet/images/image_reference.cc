#include "kubelet/images/image_reference.h"

#include <cctype>

namespace kubepp::kubelet {

namespace {

constexpr size_t kMaxNameLength = 255;

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// path-component: runs of [a-z0-9] joined by ".", "_", "__" or any number of "-".
bool ValidPathComponent(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  for (size_t i = 0; i < s.size();) {
    if (IsLowerAlnum(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && !IsLowerAlnum(s[j])) ++j;
    std::string_view sep = s.substr(i, j - i);
    bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (sep != "." && sep != "_" && sep != "__" && !dashes) return false;
    i = j;
  }
  return true;
}

// host[:port], host being dot-separated labels of letters, digits and inner
// dashes, or a bracketed IPv6 address.
bool ValidDomain(std::string_view s) {
  std::string_view host = s;
  if (!s.empty() && s.front() == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : s.substr(1, close - 1)) {
      if (!IsHex(c) && c != ':' && c != '.') return false;
    }
    host = {};
    s.remove_prefix(close + 1);
    if (s.empty()) return true;
    if (s.front() != ':') return false;
  } else {
    size_t colon = s.find(':');
    host = s.substr(0, colon);
    s = colon == std::string_view::npos ? std::string_view() : s.substr(colon);
    if (host.empty()) return false;
    size_t start = 0;
    while (start <= host.size()) {
      size_t dot = host.find('.', start);
      std::string_view label = host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
      if (label.empty() || !IsAlnum(label.front()) || !IsAlnum(label.back())) return false;
      for (char c : label) {
        if (!IsAlnum(c) && c != '-') return false;
      }
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  if (s.empty()) return true;
  std::string_view port = s.substr(1);  // after ':'
  return !port.empty() && port.find_first_not_of("0123456789") == std::string_view::npos;
}

bool ValidTag(std::string_view t) {
  if (t.empty() || t.size() > 128) return false;
  auto word = [](char c) { return IsAlnum(c) || c == '_'; };
  if (!word(t.front())) return false;
  for (char c : t) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

// algorithm ":" hex, the algorithm being letters and digits joined by "+._-".
bool ValidDigest(std::string_view d) {
  size_t colon = d.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view algorithm = d.substr(0, colon), hex = d.substr(colon + 1);
  if (!std::isalpha(static_cast<unsigned char>(algorithm.front()))) return false;
  for (char c : algorithm) {
    if (!IsAlnum(c) && c != '+' && c != '.' && c != '_' && c != '-') return false;
  }
  if (hex.size() < 32) return false;
  for (char c : hex) {
    if (!IsHex(c)) return false;
  }
  return true;
}

Status ParseError(std::string_view image, std::string_view why) {
  return Status::Invalid("couldn't parse image name \"" + std::string(image) + "\": " + std::string(why));
}

}  // namespace

StatusOr<ImageReference> ParseImageReference(std::string_view image) {
  constexpr std::string_view kFormat = "invalid reference format";
  if (image.size() == 64 && image.find_first_not_of("0123456789abcdef") == std::string_view::npos) {
    return ParseError(image, "invalid repository name (" + std::string(image) +
                                 "), cannot specify 64-byte hexadecimal strings");
  }
  ImageReference ref;
  std::string_view name = image;
  if (size_t at = name.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(name.substr(at + 1));
    if (!ValidDigest(ref.digest)) return ParseError(image, kFormat);
    name = name.substr(0, at);
  }
  size_t last_slash = name.rfind('/');
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos && (last_slash == std::string_view::npos || colon > last_slash)) {
    ref.tag = std::string(name.substr(colon + 1));
    if (!ValidTag(ref.tag)) return ParseError(image, kFormat);
    name = name.substr(0, colon);
  }
  if (name.empty()) return ParseError(image, kFormat);
  if (name.size() > kMaxNameLength) {
    return ParseError(image, "repository name must not be more than 255 characters");
  }

  // Which part is the registry: a first component with '.' or ':', "localhost",
  // or upper case (never valid in a path) names a host.
  std::string domain = "docker.io";
  std::string_view path = name;
  if (size_t slash = name.find('/'); slash != std::string_view::npos) {
    std::string_view first = name.substr(0, slash);
    bool has_upper = false;
    for (char c : first) has_upper = has_upper || std::isupper(static_cast<unsigned char>(c));
    if (first.find_first_of(".:") != std::string_view::npos || first == "localhost" || has_upper) {
      if (!ValidDomain(first)) return ParseError(image, kFormat);
      domain = std::string(first);
      path = name.substr(slash + 1);
    }
  }
  if (domain == "index.docker.io") domain = "docker.io";

  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view component = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
    if (!ValidPathComponent(component)) {
      for (char c : component) {
        if (std::isupper(static_cast<unsigned char>(c))) {
          return ParseError(image, std::string(kFormat) + ": repository name must be lowercase");
        }
      }
      return ParseError(image, kFormat);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string repository_path(path);
  if (domain == "docker.io" && repository_path.find('/') == std::string::npos) {
    repository_path = "library/" + repository_path;
  }
  ref.repository = domain + "/" + repository_path;
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

StatusOr<std::string> WithDefaultTag(std::string_view image) {
  auto ref = ParseImageReference(image);
  if (!ref.ok()) return ref.status();
  std::string out(image);
  if (ref->digest.empty() && !ref->tag.empty() &&
      (out.size() < ref->tag.size() + 1 || out.compare(out.size() - ref->tag.size() - 1, out.npos, ":" + ref->tag) != 0)) {
    out += ":" + ref->tag;
  }
  return out;
}

}  // namespace kubepp::kubelet
