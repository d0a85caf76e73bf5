#include "net/backend_url.h"

#include <charconv>

namespace kubepp::net {

std::string JoinHostPort(std::string_view host, uint16_t port) {
  std::string out;
  if (host.find(':') != std::string_view::npos) {
    out.append("[").append(host).append("]");
  } else {
    out.append(host);
  }
  return out + ":" + std::to_string(port);
}

std::string BackendUrl::HostPort() const { return JoinHostPort(host, port); }

std::string BackendUrl::ToString() const {
  return std::string(tls ? "https://" : "http://") + HostPort() + target;
}

StatusOr<BackendUrl> ParseBackendUrl(std::string_view url) {
  BackendUrl out;
  auto bad = [&](const char* why) { return Status::BadRequest("invalid URL \"" + std::string(url) + "\": " + why); };
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad("no scheme");
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme == "https") {
    out.tls = true;
    out.port = 443;
  } else if (scheme == "http") {
    out.port = 80;
  } else {
    return bad("the scheme must be http or https");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  size_t target_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, target_start);
  if (target_start != std::string_view::npos) {
    out.target = std::string(rest.substr(target_start));
    if (out.target[0] == '?') out.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) return bad("user information is not supported");
  std::string_view port_text;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return bad("junk after the IPv6 address");
      port_text = after.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      authority = authority.substr(0, colon);
    }
    out.host = std::string(authority);
  }
  if (out.host.empty()) return bad("no host");
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
      return bad("invalid port");
    }
    out.port = static_cast<uint16_t>(value);
  }
  return out;
}

}  // namespace kubepp::net
