#include "kubelet/images/pull_secrets.h"

#include <boost/json.hpp>

#include "base/base64.h"
#include "controllers/util/object_fields.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::ArrayAt;
using controllers::util::ObjectAt;
using controllers::util::StringAt;

namespace {

std::optional<std::string> SecretValue(const json::object& secret, std::string_view key) {
  const json::object* data = ObjectAt(secret, {"data"});
  if (!data) return std::nullopt;
  const json::value* v = data->if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return base64::Decode(v->as_string());
}

void AddEntries(const json::object& auths, std::vector<RegistryAuth>& out) {
  for (const auto& [server, entry] : auths) {
    if (!entry.is_object()) continue;
    const json::object& e = entry.as_object();
    RegistryAuth auth;
    auth.server = NormalizeRegistry(server);
    auth.username = std::string(StringAt(e, {"username"}));
    auth.password = std::string(StringAt(e, {"password"}));
    auth.auth = std::string(StringAt(e, {"auth"}));
    auth.identity_token = std::string(StringAt(e, {"identitytoken"}));
    auth.registry_token = std::string(StringAt(e, {"registrytoken"}));
    if (auth.username.empty() && !auth.auth.empty()) {
      if (auto decoded = base64::Decode(auth.auth)) {
        size_t colon = decoded->find(':');
        if (colon != std::string::npos) {
          auth.username = decoded->substr(0, colon);
          auth.password = decoded->substr(colon + 1);
        }
      }
    }
    out.push_back(std::move(auth));
  }
}

}  // namespace

std::string NormalizeRegistry(std::string_view server) {
  std::string_view s = server;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (s.substr(0, scheme.size()) == scheme) s.remove_prefix(scheme.size());
  }
  s = s.substr(0, s.find('/'));
  if (s == "index.docker.io" || s == "registry-1.docker.io" || s == "registry.hub.docker.com") return "docker.io";
  return std::string(s);
}

std::vector<RegistryAuth> CredentialsFromSecret(const json::object& secret) {
  std::vector<RegistryAuth> out;
  std::string_view type = StringAt(secret, {"type"});
  std::optional<std::string> text;
  if (type == "kubernetes.io/dockerconfigjson") text = SecretValue(secret, ".dockerconfigjson");
  if (type == "kubernetes.io/dockercfg") text = SecretValue(secret, ".dockercfg");
  if (!text) return out;
  boost::system::error_code ec;
  json::value parsed = json::parse(*text, ec);
  if (ec || !parsed.is_object()) return out;
  if (type == "kubernetes.io/dockerconfigjson") {
    if (const json::object* auths = ObjectAt(parsed.as_object(), {"auths"})) AddEntries(*auths, out);
  } else {
    AddEntries(parsed.as_object(), out);
  }
  return out;
}

std::vector<RegistryAuth> PodPullCredentials(const json::object& pod, ObjectGetter& getter, client::ApiClient& client) {
  std::vector<RegistryAuth> out;
  std::string_view ns = StringAt(pod, {"metadata", "namespace"});
  auto add_from = [&](const json::array* refs) {
    if (!refs) return;
    for (const auto& ref : *refs) {
      if (!ref.is_object()) continue;
      auto secret = getter.Get(ObjectKind::kSecret, ns, StringAt(ref.as_object(), {"name"}));
      if (!secret.ok()) continue;
      for (auto& c : CredentialsFromSecret(**secret)) out.push_back(std::move(c));
    }
  };
  add_from(ArrayAt(pod, {"spec", "imagePullSecrets"}));
  std::string_view sa = StringAt(pod, {"spec", "serviceAccountName"});
  if (!sa.empty()) {
    static const client::Resource accounts = client::Resource::Of("", "serviceaccounts");
    if (auto account = client.Get(accounts, ns, sa); account.ok()) {
      add_from(ArrayAt(**account, {"imagePullSecrets"}));
    }
  }
  return out;
}

}  // namespace kubepp::kubelet
