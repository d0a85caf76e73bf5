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
  if (!v || !v->is_string() || v->as_string().empty()) return std::nullopt;
  return base64::Decode(v->as_string());
}

void AddEntries(const json::object& config, std::vector<RegistryAuth>& out) {
  for (const auto& [location, entry] : config) {
    if (!entry.is_object()) continue;
    const json::object& e = entry.as_object();
    RegistryAuth auth;
    auth.server = std::string(location);
    auth.username = std::string(StringAt(e, {"username"}));
    auth.password = std::string(StringAt(e, {"password"}));
    std::string_view encoded = StringAt(e, {"auth"});
    if (!encoded.empty()) {
      // As docker's config reader: "auth" wins over the separate fields.
      auto decoded = base64::Decode(encoded);
      size_t colon = decoded ? decoded->find(':') : std::string::npos;
      if (colon == std::string::npos) continue;  // unreadable entry
      auth.username = decoded->substr(0, colon);
      auth.password = decoded->substr(colon + 1);
    }
    out.push_back(std::move(auth));
  }
}

}  // namespace

std::vector<RegistryAuth> CredentialsFromSecret(const json::object& secret) {
  std::vector<RegistryAuth> out;
  std::string_view type = StringAt(secret, {"type"});
  bool config_json = type == "kubernetes.io/dockerconfigjson";
  std::optional<std::string> text;
  if (config_json) text = SecretValue(secret, ".dockerconfigjson");
  if (type == "kubernetes.io/dockercfg") text = SecretValue(secret, ".dockercfg");
  if (!text) return out;
  boost::system::error_code ec;
  json::value parsed = json::parse(*text, ec);
  if (ec || !parsed.is_object()) return out;
  if (config_json) {
    if (const json::object* auths = ObjectAt(parsed.as_object(), {"auths"})) AddEntries(*auths, out);
  } else {
    AddEntries(parsed.as_object(), out);
  }
  return out;
}

PodPullSecrets PodPullCredentials(const json::object& pod, ObjectGetter& getter) {
  PodPullSecrets out;
  std::string_view ns = StringAt(pod, {"metadata", "namespace"});
  const json::array* refs = ArrayAt(pod, {"spec", "imagePullSecrets"});
  if (!refs) return out;
  for (const auto& ref : *refs) {
    if (!ref.is_object()) continue;
    std::string_view name = StringAt(ref.as_object(), {"name"});
    if (name.empty()) continue;
    auto secret = getter.Get(ObjectKind::kSecret, ns, name);
    if (!secret.ok()) {
      out.missing.emplace_back(name);
      continue;
    }
    for (auto& c : CredentialsFromSecret(**secret)) out.credentials.push_back(std::move(c));
  }
  return out;
}

}  // namespace kubepp::kubelet
