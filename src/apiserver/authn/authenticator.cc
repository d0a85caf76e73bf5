#include "apiserver/authn/authenticator.h"

#include <algorithm>
#include <cctype>

namespace kubepp::apiserver::authn {
namespace {

void AddAuthenticatedGroup(UserInfo& user) {
  if (std::find(user.groups.begin(), user.groups.end(), kAuthenticatedGroup) == user.groups.end()) {
    user.groups.push_back(kAuthenticatedGroup);
  }
}

std::vector<std::string_view> Fields(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::string RequestAuthenticator::BearerToken(const net::HttpRequest& req) {
  const std::string* header = req.Header("authorization");
  if (header == nullptr) return "";
  auto parts = Fields(*header);
  if (parts.size() < 2) return "";
  std::string scheme(parts[0]);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (scheme != "bearer") return "";
  return std::string(parts[1]);
}

StatusOr<UserInfo> RequestAuthenticator::Authenticate(const net::HttpRequest& req) const {
  if (req.peer.verified && !req.peer.common_name.empty()) {
    UserInfo user;
    user.name = req.peer.common_name;
    user.groups = req.peer.organizations;
    AddAuthenticatedGroup(user);
    return user;
  }
  std::string token = BearerToken(req);
  if (token.empty()) return Status::Unauthorized("no client certificate or bearer token");
  TokenResult result = AuthenticateToken(token);
  if (!result.authenticated) return Status::Unauthorized(result.error);
  return std::move(result.user);
}

RequestAuthenticator::TokenResult RequestAuthenticator::AuthenticateToken(
    std::string_view token, const std::vector<std::string>& audiences) const {
  TokenResult result;
  if (tokens_ != nullptr) {
    auto sa = tokens_->Authenticate(token, audiences);
    if (!sa.ok()) {
      result.error = sa.status().message();
      return result;
    }
    if (sa->has_value()) {
      const auto& info = (*sa)->info;
      result.authenticated = true;
      result.user.name = info.UserName();
      result.user.uid = info.uid;
      result.user.groups = info.Groups();
      result.user.extra = info.Extra();
      AddAuthenticatedGroup(result.user);
      result.audiences = (*sa)->audiences;
      return result;
    }
  }
  result.error = "invalid bearer token";
  return result;
}

}  // namespace kubepp::apiserver::authn
