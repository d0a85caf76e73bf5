#include "kubelet/images/docker_keyring.h"

#include <fnmatch.h>

namespace kubepp::kubelet {

namespace {

// Docker Hub's credentials are written for this host.
constexpr std::string_view kDefaultRegistryHost = "index.docker.io";

struct Location {
  std::string host;  // with the port, as written
  std::string path;  // "" or starting with '/'
};

// A location without its scheme, split as a URL parser would split it.
Location ParseLocation(std::string_view text) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (text.substr(0, scheme.size()) == scheme) {
      text.remove_prefix(scheme.size());
      break;
    }
  }
  text = text.substr(0, text.find_first_of("?#"));
  size_t slash = text.find('/');
  Location out;
  out.host = std::string(text.substr(0, slash));
  if (size_t at = out.host.rfind('@'); at != std::string::npos) out.host.erase(0, at + 1);
  if (slash != std::string_view::npos) out.path = std::string(text.substr(slash));
  return out;
}

// The host's dot-separated parts and its port ("" when none).
std::pair<std::vector<std::string>, std::string> SplitHost(const std::string& host_port) {
  std::string host = host_port, port;
  if (!host_port.empty() && host_port.front() == '[') {
    size_t close = host_port.find(']');
    if (close != std::string::npos && close + 1 < host_port.size() && host_port[close + 1] == ':') {
      host = host_port.substr(1, close - 1);
      port = host_port.substr(close + 2);
    }
  } else if (size_t colon = host_port.rfind(':');
             colon != std::string::npos && host_port.find(':') == colon) {
    host = host_port.substr(0, colon);
    port = host_port.substr(colon + 1);
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = host.find('.', start);
    parts.push_back(host.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return {parts, port};
}

// Docker Hub's images: no registry host, or docker.io / index.docker.io.
bool IsDefaultRegistry(std::string_view repository) {
  size_t slash = repository.find('/');
  std::string_view first = repository.substr(0, slash);
  if (first.empty()) return false;
  if (slash == std::string_view::npos) return true;
  if (first == "docker.io" || first == kDefaultRegistryHost) return true;
  return first.find_first_of(".:") == std::string_view::npos;
}

}  // namespace

std::string KeyringKey(std::string_view location) {
  Location parsed = ParseLocation(location);
  if (parsed.host.empty()) return "";
  std::string path = parsed.path;
  // Docker's clients treat "host/v1/" and "host/v2/" as the host itself.
  if (path.rfind("/v1/", 0) == 0 || path.rfind("/v2/", 0) == 0) path.erase(0, 3);
  if (path.empty() || path == "/") return parsed.host;
  return parsed.host + path;
}

bool KeyMatches(std::string_view glob, std::string_view target) {
  Location g = ParseLocation(glob), t = ParseLocation(target);
  auto [glob_parts, glob_port] = SplitHost(g.host);
  auto [target_parts, target_port] = SplitHost(t.host);
  if (glob_port != target_port) return false;
  if (glob_parts.size() != target_parts.size()) return false;
  if (t.path.compare(0, g.path.size(), g.path) != 0) return false;
  for (size_t i = 0; i < glob_parts.size(); ++i) {
    if (fnmatch(glob_parts[i].c_str(), target_parts[i].c_str(), 0) != 0) return false;
  }
  return true;
}

void DockerKeyring::Add(const RegistryAuth& auth) {
  std::string key = KeyringKey(auth.server);
  if (key.empty()) return;
  credentials_[key].push_back(auth);
  keys_.insert(key);
}

std::vector<RegistryAuth> DockerKeyring::Lookup(std::string_view repository) const {
  std::vector<RegistryAuth> out;
  for (const std::string& key : keys_) {
    if (!KeyMatches(key, repository)) continue;
    const auto& found = credentials_.at(key);
    out.insert(out.end(), found.begin(), found.end());
  }
  if (out.empty() && IsDefaultRegistry(repository)) {
    auto hub = credentials_.find(std::string(kDefaultRegistryHost));
    if (hub != credentials_.end()) out = hub->second;
  }
  return out;
}

}  // namespace kubepp::kubelet
