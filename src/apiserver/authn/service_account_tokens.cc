#include "apiserver/authn/service_account_tokens.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "apiserver/registry.h"
#include "serviceaccount/jwt.h"

namespace kubepp::apiserver::authn {
namespace {

using boost::json::object;

// Reads the objects tokens refer to straight from the store.
class StoreObjectGetter : public serviceaccount::ObjectGetter {
 public:
  explicit StoreObjectGetter(store::Store* store) : registry_(store) {}

  StatusOr<object> GetServiceAccount(const std::string& ns, const std::string& name) override {
    return Get("serviceaccounts", ns, name);
  }
  StatusOr<object> GetPod(const std::string& ns, const std::string& name) override { return Get("pods", ns, name); }
  StatusOr<object> GetSecret(const std::string& ns, const std::string& name) override {
    return Get("secrets", ns, name);
  }
  StatusOr<object> GetNode(const std::string& name) override { return Get("nodes", "", name); }

 private:
  StatusOr<object> Get(const char* resource, const std::string& ns, const std::string& name) {
    const api::ResourceInfo* r = api::Catalog::Get().Find("", "v1", resource);
    if (r == nullptr) return Status::Internal(std::string("catalog has no ") + resource);
    // An empty name would address the whole collection's prefix.
    if (name.empty()) return Status::NotFound(std::string(resource) + " \"\" not found");
    return registry_.Get(*r, ns, name);
  }

  Registry registry_;
};

}  // namespace

ServiceAccountTokens::~ServiceAccountTokens() = default;

StatusOr<std::unique_ptr<ServiceAccountTokens>> ServiceAccountTokens::Create(ServiceAccountTokenOptions options,
                                                                             store::Store* store, Clock& clock) {
  if (options.issuers.empty()) options.issuers = {serviceaccount::kDefaultIssuer};
  for (const auto& issuer : options.issuers) {
    if (issuer.empty()) return Status::BadRequest("--service-account-issuer may not be empty");
  }
  if (options.api_audiences.empty()) options.api_audiences = options.issuers;
  if (options.max_expiration_seconds < 0) {
    return Status::BadRequest("--service-account-max-token-expiration may not be negative");
  }
  if (options.max_expiration_seconds > 0 && options.max_expiration_seconds < 3600) {
    return Status::BadRequest("the service-account-max-token-expiration must be set longer than 3600 seconds (" +
                              std::to_string(options.max_expiration_seconds) + ")");
  }
  auto pem = serviceaccount::ReadKeyFile(options.signing_key_file);
  if (!pem.ok()) return pem.status();
  auto signer = serviceaccount::PrivateKey::FromPem(*pem);
  if (!signer.ok()) {
    return Status(signer.status().reason(), options.signing_key_file + ": " + signer.status().message());
  }
  std::unique_ptr<ServiceAccountTokens> tokens(new ServiceAccountTokens(std::move(options), std::move(*signer), clock));
  tokens->keys_.push_back(tokens->signer_.public_key());
  for (const auto& file : tokens->options_.key_files) {
    auto text = serviceaccount::ReadKeyFile(file);
    if (!text.ok()) return text.status();
    auto keys = serviceaccount::PublicKey::AllFromPem(*text);
    if (!keys.ok()) return Status(keys.status().reason(), file + ": " + keys.status().message());
    for (auto& k : *keys) {
      bool known = std::any_of(tokens->keys_.begin(), tokens->keys_.end(),
                               [&k](const serviceaccount::PublicKey& have) { return have.key_id() == k.key_id(); });
      if (!known) tokens->keys_.push_back(std::move(k));
    }
  }
  tokens->getter_ = std::make_unique<StoreObjectGetter>(store);
  serviceaccount::AuthenticatorOptions auth;
  auth.issuers = tokens->options_.issuers;
  auth.keys = tokens->keys_;
  auth.api_audiences = tokens->options_.api_audiences;
  tokens->authenticator_ = std::make_unique<serviceaccount::TokenAuthenticator>(auth, *tokens->getter_, clock);
  return tokens;
}

StatusOr<std::string> ServiceAccountTokens::Sign(const serviceaccount::BoundToken& token) const {
  return serviceaccount::SignJwt(signer_, serviceaccount::BoundClaims(issuer(), token));
}

std::string ServiceAccountTokens::OpenIdConfiguration(const std::string& jwks_uri) const {
  boost::json::array algorithms;
  for (const auto& k : keys_) {
    std::string_view name = serviceaccount::AlgorithmName(k.algorithm());
    bool listed = std::any_of(algorithms.begin(), algorithms.end(),
                              [&name](const boost::json::value& v) { return v.get_string() == name; });
    if (!listed) algorithms.emplace_back(name);
  }
  object doc;
  doc["issuer"] = issuer();
  doc["jwks_uri"] = jwks_uri;
  doc["response_types_supported"] = boost::json::array{"id_token"};
  doc["subject_types_supported"] = boost::json::array{"public"};
  doc["id_token_signing_alg_values_supported"] = std::move(algorithms);
  return boost::json::serialize(doc);
}

std::string ServiceAccountTokens::Jwks() const {
  boost::json::array keys;
  for (const auto& k : keys_) keys.emplace_back(k.Jwk());
  return boost::json::serialize(object{{"keys", std::move(keys)}});
}

}  // namespace kubepp::apiserver::authn
