#include "serviceaccount/authenticator.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <ctime>

#include "base/base64.h"
#include "serviceaccount/jwt.h"

namespace kubepp::serviceaccount {
namespace {

using boost::json::object;

// Tokens are judged with a minute of tolerance for clock skew, and objects
// deleted less than a minute ago still count (go-jose's DefaultLeeway).
constexpr std::chrono::seconds kLeeway{60};

const object* ObjectAt(const object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

std::string StringAt(const object* o, std::string_view key) {
  if (o == nullptr) return "";
  const auto* v = o->if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string MetaString(const object& o, std::string_view key) { return StringAt(ObjectAt(o, "metadata"), key); }

// A NumericDate claim: seconds since the epoch, integral or not.
std::optional<Clock::TimePoint> TimeClaim(const object& claims, std::string_view key) {
  const auto* v = claims.if_contains(key);
  if (v == nullptr) return std::nullopt;
  double seconds = 0;
  if (v->is_int64()) {
    seconds = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    seconds = static_cast<double>(v->get_uint64());
  } else if (v->is_double()) {
    seconds = v->get_double();
  } else {
    return std::nullopt;
  }
  return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::duration<double>(seconds)));
}

// metadata.deletionTimestamp (RFC 3339, whole seconds as the API writes it).
std::optional<Clock::TimePoint> DeletionTime(const object& obj) {
  std::string text = MetaString(obj, "deletionTimestamp");
  if (text.empty()) return std::nullopt;
  std::tm tm{};
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec) != 6) {
    // Unreadable: treat as deleted long ago, the safe side.
    return Clock::TimePoint{};
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::vector<std::string> Audiences(const object& claims) {
  std::vector<std::string> out;
  const auto* v = claims.if_contains("aud");
  if (v == nullptr) return out;
  if (v->is_string()) {
    out.emplace_back(v->get_string());
  } else if (v->is_array()) {
    for (const auto& a : v->get_array()) {
      if (a.is_string()) out.emplace_back(a.get_string());
    }
  }
  return out;
}

// Go's %q of a []string: ["a" "b"].
std::string QuoteList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += " ";
    out += "\"" + items[i] + "\"";
  }
  return out + "]";
}

Status Unauthorized(std::string message) { return Status::Unauthorized(std::move(message)); }


}  // namespace

TokenAuthenticator::TokenAuthenticator(AuthenticatorOptions options, ObjectGetter& getter, Clock& clock)
    : options_(std::move(options)), getter_(getter), clock_(clock) {}

StatusOr<std::optional<TokenAuthenticator::Result>> TokenAuthenticator::Authenticate(
    std::string_view token, const std::vector<std::string>& audiences) const {
  auto jwt = ParseJwt(token);
  if (!jwt.ok()) return std::optional<Result>();
  std::string issuer = StringAt(&jwt->claims, "iss");
  const bool legacy = options_.accept_legacy && issuer == kLegacyIssuer;
  const bool bound =
      std::find(options_.issuers.begin(), options_.issuers.end(), issuer) != options_.issuers.end();
  if (!legacy && !bound) return std::optional<Result>();
  if (!VerifyJwt(*jwt, options_.keys)) {
    return Unauthorized("go-jose/go-jose: error in cryptographic primitive");
  }
  std::vector<std::string> token_audiences = Audiences(jwt->claims);
  if (token_audiences.empty()) token_audiences = options_.api_audiences;  // legacy tokens have none
  const std::vector<std::string>& wanted = audiences.empty() ? options_.api_audiences : audiences;
  std::vector<std::string> accepted;
  for (const auto& a : token_audiences) {
    if (std::find(wanted.begin(), wanted.end(), a) != wanted.end()) accepted.push_back(a);
  }
  if (accepted.empty() && !options_.api_audiences.empty()) {
    return Unauthorized("token audiences " + QuoteList(token_audiences) + " is invalid for the target audiences " +
                        QuoteList(wanted));
  }
  auto info = bound ? ValidateBound(jwt->claims) : ValidateLegacy(token, jwt->claims);
  if (!info.ok()) return info.status();
  return std::optional<Result>(Result{std::move(*info), std::move(accepted)});
}

StatusOr<ServiceAccountInfo> TokenAuthenticator::ValidateBound(const object& claims) const {
  const Clock::TimePoint now = clock_.Now();
  if (auto nbf = TimeClaim(claims, "nbf"); nbf && now + kLeeway < *nbf) {
    return Unauthorized("service account token is not valid yet");
  }
  if (auto exp = TimeClaim(claims, "exp"); exp && now - kLeeway > *exp) {
    return Unauthorized("service account token has expired");
  }
  if (auto iat = TimeClaim(claims, "iat"); iat && now + kLeeway < *iat) {
    return Unauthorized("service account token is issued in the future");
  }
  const Clock::TimePoint deleted_before = now - kLeeway;
  auto deleted_long_ago = [&](const object& obj) {
    auto when = DeletionTime(obj);
    return when && *when < deleted_before;
  };

  const object* kube = ObjectAt(claims, "kubernetes.io");
  ServiceAccountInfo info;
  info.ns = StringAt(kube, "namespace");
  const object* sa_ref = kube ? ObjectAt(*kube, "serviceaccount") : nullptr;
  info.name = StringAt(sa_ref, "name");
  info.uid = StringAt(sa_ref, "uid");
  auto sa = getter_.GetServiceAccount(info.ns, info.name);
  if (!sa.ok()) return Unauthorized(sa.status().message());
  if (MetaString(*sa, "uid") != info.uid) {
    return Unauthorized("service account UID (" + MetaString(*sa, "uid") + ") does not match claim (" + info.uid +
                        ")");
  }
  if (deleted_long_ago(*sa)) {
    return Unauthorized("service account " + info.ns + "/" + info.name + " has been deleted");
  }

  const object* secret_ref = kube ? ObjectAt(*kube, "secret") : nullptr;
  if (secret_ref) {
    auto secret = getter_.GetSecret(info.ns, StringAt(secret_ref, "name"));
    if (!secret.ok()) return Unauthorized("service account token has been invalidated");
    if (MetaString(*secret, "uid") != StringAt(secret_ref, "uid")) {
      return Unauthorized("secret UID (" + MetaString(*secret, "uid") +
                          ") does not match service account secret ref claim (" + StringAt(secret_ref, "uid") + ")");
    }
    if (deleted_long_ago(*secret)) return Unauthorized("service account token has been invalidated");
  }

  const object* pod_ref = kube ? ObjectAt(*kube, "pod") : nullptr;
  if (pod_ref) {
    auto pod = getter_.GetPod(info.ns, StringAt(pod_ref, "name"));
    if (!pod.ok()) return Unauthorized("service account token has been invalidated");
    if (MetaString(*pod, "uid") != StringAt(pod_ref, "uid")) {
      return Unauthorized("pod UID (" + MetaString(*pod, "uid") + ") does not match service account pod ref claim (" +
                          StringAt(pod_ref, "uid") + ")");
    }
    if (deleted_long_ago(*pod)) return Unauthorized("service account token has been invalidated");
    info.pod_name = StringAt(pod_ref, "name");
    info.pod_uid = StringAt(pod_ref, "uid");
  }

  const object* node_ref = kube ? ObjectAt(*kube, "node") : nullptr;
  if (node_ref && pod_ref) {
    // A pod-bound token only reports the pod's node.
    info.node_name = StringAt(node_ref, "name");
    info.node_uid = StringAt(node_ref, "uid");
  } else if (node_ref) {
    auto node = getter_.GetNode(StringAt(node_ref, "name"));
    if (!node.ok()) return Unauthorized("service account token has been invalidated");
    if (MetaString(*node, "uid") != StringAt(node_ref, "uid")) {
      return Unauthorized("node UID (" + MetaString(*node, "uid") +
                          ") does not match service account node ref claim (" + StringAt(node_ref, "uid") + ")");
    }
    if (deleted_long_ago(*node)) return Unauthorized("service account token has been invalidated");
    info.node_name = StringAt(node_ref, "name");
    info.node_uid = StringAt(node_ref, "uid");
  }

  if (std::string jti = StringAt(&claims, "jti"); !jti.empty()) info.credential_id = "JTI=" + jti;
  return info;
}

StatusOr<ServiceAccountInfo> TokenAuthenticator::ValidateLegacy(std::string_view token, const object& claims) const {
  std::string subject = StringAt(&claims, "sub");
  if (subject.empty()) return Unauthorized("sub claim is missing");
  ServiceAccountInfo info;
  info.ns = StringAt(&claims, "kubernetes.io/serviceaccount/namespace");
  if (info.ns.empty()) return Unauthorized("namespace claim is missing");
  std::string secret_name = StringAt(&claims, "kubernetes.io/serviceaccount/secret.name");
  if (secret_name.empty()) return Unauthorized("secretName claim is missing");
  info.name = StringAt(&claims, "kubernetes.io/serviceaccount/service-account.name");
  if (info.name.empty()) return Unauthorized("serviceAccountName claim is missing");
  info.uid = StringAt(&claims, "kubernetes.io/serviceaccount/service-account.uid");
  if (info.uid.empty()) return Unauthorized("serviceAccountUID claim is missing");
  std::string subject_ns, subject_name;
  if (!SplitUsername(subject, &subject_ns, &subject_name) || subject_ns != info.ns || subject_name != info.name) {
    return Unauthorized("sub claim is invalid");
  }

  auto secret = getter_.GetSecret(info.ns, secret_name);
  if (!secret.ok() || DeletionTime(*secret)) return Unauthorized("token has been invalidated");
  // Secret.data holds the token base64-encoded, as the API carries bytes.
  std::string stored = StringAt(ObjectAt(*secret, "data"), "token");
  auto stored_token = base64::Decode(stored);
  if (!stored_token || stored_token->size() != token.size() ||
      CRYPTO_memcmp(stored_token->data(), token.data(), token.size()) != 0) {
    return Unauthorized("token does not match server's copy");
  }
  const object* labels = ObjectAt(*secret, "metadata") ? ObjectAt(*ObjectAt(*secret, "metadata"), "labels") : nullptr;
  if (!StringAt(labels, "kubernetes.io/legacy-token-invalid-since").empty()) {
    return Unauthorized("token has been invalidated");
  }

  auto sa = getter_.GetServiceAccount(info.ns, info.name);
  if (!sa.ok()) return Unauthorized(sa.status().message());
  if (DeletionTime(*sa)) return Unauthorized("ServiceAccount " + info.ns + "/" + info.name + " has been deleted");
  if (MetaString(*sa, "uid") != info.uid) {
    return Unauthorized("ServiceAccount UID (" + MetaString(*sa, "uid") + ") does not match claim (" + info.uid + ")");
  }
  return info;
}

}  // namespace kubepp::serviceaccount
