// "serviceaccount-token": the legacy service account token Secrets, as
// upstream's TokensController keeps them. A Secret of type
// kubernetes.io/service-account-token annotated
// kubernetes.io/service-account.name=<sa> gets, when missing, data.token (a
// JWT that never expires, issuer "kubernetes/serviceaccount", signed with
// ControllerManagerOptions::service_account_private_key_pem), data.ca.crt
// (the cluster CA) and data.namespace, and the annotation
// kubernetes.io/service-account.uid. A token Secret whose ServiceAccount does
// not exist (or has another uid) is deleted, and so are a deleted
// ServiceAccount's token Secrets. Nothing makes such Secrets on its own:
// since v1.24 users create them.
//
// Keys: "secret/<ns>/<name>/<uid>/<sa name>/<sa uid>" and
// "sa/<ns>/<name>/<uid>" — enough to act after the object left the cache.
// Without a private key the controller is not available.
#include <boost/json/object.hpp>

#include "base/base64.h"
#include "base/log.h"
#include "client/object.h"
#include "controllers/serviceaccount/serviceaccount.h"
#include "controllers/util/keyed_controller.h"
#include "controllers/util/object_fields.h"
#include "serviceaccount/claims.h"
#include "serviceaccount/jwt.h"
#include "serviceaccount/keys.h"

namespace kubepp::controllers {
namespace {

using boost::json::object;

constexpr std::string_view kTokenType = "kubernetes.io/service-account-token";
constexpr std::string_view kNameAnnotation = "kubernetes.io/service-account.name";
constexpr std::string_view kUidAnnotation = "kubernetes.io/service-account.uid";

const client::Resource kSecrets = client::Resource::Of("", "secrets");
const client::Resource kServiceAccounts = client::Resource::Of("", "serviceaccounts");

std::vector<std::string> SplitKey(const std::string& key) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t slash = key.find('/', start);
    parts.push_back(key.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

std::string Annotation(const object& obj, std::string_view key) {
  return std::string(util::StringAt(obj, {"metadata", "annotations", key}));
}

bool IsTokenSecret(const object& secret) { return util::StringAt(secret, {"type"}) == kTokenType; }

std::string SecretKey(const object& secret) {
  return "secret/" + std::string(client::NamespaceOf(secret)) + "/" + std::string(client::NameOf(secret)) + "/" +
         std::string(client::UidOf(secret)) + "/" + Annotation(secret, kNameAnnotation) + "/" +
         Annotation(secret, kUidAnnotation);
}

std::string AccountKey(const object& sa) {
  return "sa/" + std::string(client::NamespaceOf(sa)) + "/" + std::string(client::NameOf(sa)) + "/" +
         std::string(client::UidOf(sa));
}

// Secret.data holds bytes base64-encoded.
std::string DataOf(const object& secret, std::string_view key) {
  auto decoded = base64::Decode(util::StringAt(secret, {"data", key}));
  return decoded.value_or("");
}

class TokensSync {
 public:
  TokensSync(ControllerContext& ctx, serviceaccount::PrivateKey key)
      : client_(ctx.client),
        secrets_(ctx.informers.For(kSecrets)),
        accounts_(ctx.informers.For(kServiceAccounts)),
        key_(std::move(key)),
        root_ca_(ctx.options.root_ca_pem) {}

  client::Informer& secrets() { return secrets_; }
  client::Informer& accounts() { return accounts_; }

  Status Sync(const std::string& key) {
    auto parts = SplitKey(key);
    if (parts[0] == "secret" && parts.size() == 6) return SyncSecret(parts[1], parts[2], parts[3], parts[4], parts[5]);
    if (parts[0] == "sa" && parts.size() == 4) return SyncAccount(parts[1], parts[2], parts[3]);
    return Status::Ok();  // not a key of ours; nothing to retry
  }

 private:
  // The ServiceAccount ns/name with `uid` (any uid when empty): from the
  // cache, or from the apiserver when `live` and the cache misses it.
  StatusOr<client::ObjectPtr> Account(const std::string& ns, const std::string& name, const std::string& uid,
                                      bool live) {
    client::ObjectPtr sa = accounts_.Get(ns, name);
    if (sa && (uid.empty() || client::UidOf(*sa) == uid)) return sa;
    if (!live) return client::ObjectPtr();
    auto got = client_.Get(kServiceAccounts, ns, name);
    if (!got.ok()) return got.status().IsNotFound() ? StatusOr<client::ObjectPtr>(client::ObjectPtr()) : got.status();
    if (!uid.empty() && client::UidOf(**got) != uid) return client::ObjectPtr();
    return *got;
  }

  Status DeleteSecret(const std::string& ns, const std::string& name, const std::string& uid) {
    client::DeleteOptions options;
    options.precondition_uid = uid;
    auto deleted = client_.Delete(kSecrets, ns, name, options);
    // Gone already, or the uid precondition failed: a newer Secret is not ours to delete.
    if (deleted.ok() || deleted.status().IsNotFound() || deleted.status().IsConflict()) return Status::Ok();
    return deleted.status();
  }

  Status SyncSecret(const std::string& ns, const std::string& name, const std::string& uid,
                    const std::string& sa_name, const std::string& sa_uid) {
    client::ObjectPtr secret = secrets_.Get(ns, name);
    if (!secret || client::UidOf(*secret) != uid || !IsTokenSecret(*secret) || sa_name.empty()) return Status::Ok();
    auto sa = Account(ns, sa_name, sa_uid, /*live=*/true);
    if (!sa.ok()) return sa.status();
    if (!*sa) {
      VLOG(4) << "service account " << ns << "/" << sa_name << " does not exist; deleting token secret " << name;
      return DeleteSecret(ns, name, uid);
    }
    return PopulateIfNeeded(**sa, *secret);
  }

  Status SyncAccount(const std::string& ns, const std::string& name, const std::string& uid) {
    auto sa = Account(ns, name, uid, /*live=*/false);
    if (!sa.ok()) return sa.status();
    if (*sa) return Status::Ok();
    Status first;
    for (const auto& secret : secrets_.ListNamespace(ns)) {
      if (!IsTokenSecret(*secret) || Annotation(*secret, kNameAnnotation) != name) continue;
      std::string secret_sa_uid = Annotation(*secret, kUidAnnotation);
      if (!secret_sa_uid.empty() && secret_sa_uid != uid) continue;
      Status st = DeleteSecret(ns, std::string(client::NameOf(*secret)), std::string(client::UidOf(*secret)));
      if (!st.ok() && first.ok()) first = st;
    }
    return first;
  }

  struct Needs {
    bool ca = false, ns = false, token = false;
    bool Any() const { return ca || ns || token; }
  };
  Needs NeedsOf(const object& secret) const {
    Needs n;
    n.ca = !root_ca_.empty() && DataOf(secret, "ca.crt") != root_ca_;
    n.ns = DataOf(secret, "namespace").empty();
    n.token = DataOf(secret, "token").empty();
    return n;
  }

  Status PopulateIfNeeded(const object& sa, const object& cached) {
    if (!NeedsOf(cached).Any()) return Status::Ok();
    const std::string ns(client::NamespaceOf(cached));
    auto live = client_.Get(kSecrets, ns, client::NameOf(cached));
    if (!live.ok()) return live.status().IsNotFound() ? Status::Ok() : live.status();
    // A cache behind the server: the update event that follows brings this back.
    if (client::ResourceVersionOf(**live) != client::ResourceVersionOf(cached)) return Status::Ok();
    Needs needs = NeedsOf(**live);
    if (!needs.Any()) return Status::Ok();
    object secret = **live;
    object& data = util::MutableObject(secret, "data");
    if (needs.ca) data["ca.crt"] = base64::Encode(root_ca_);
    if (needs.ns) data["namespace"] = base64::Encode(ns);
    if (needs.token) {
      serviceaccount::LegacyToken token{ns, std::string(client::NameOf(sa)), std::string(client::UidOf(sa)),
                                        std::string(client::NameOf(cached))};
      auto signed_token = serviceaccount::SignJwt(key_, serviceaccount::LegacyClaims(token));
      if (!signed_token.ok()) return signed_token.status();
      data["token"] = base64::Encode(*signed_token);
    }
    object& annotations = util::MutableObject(util::MutableObject(secret, "metadata"), "annotations");
    annotations[kNameAnnotation] = client::NameOf(sa);
    annotations[kUidAnnotation] = client::UidOf(sa);
    auto updated = client_.Update(kSecrets, ns, secret);
    // Someone else changed or removed it meanwhile; their event brings the key back if needed.
    if (updated.ok() || updated.status().IsConflict() || updated.status().IsNotFound()) return Status::Ok();
    return updated.status();
  }

  client::ApiClient& client_;
  client::Informer& secrets_;
  client::Informer& accounts_;
  const serviceaccount::PrivateKey key_;
  const std::string root_ca_;
};

std::unique_ptr<Controller> CreateTokensController(ControllerContext& ctx) {
  if (ctx.options.service_account_private_key_pem.empty()) {
    KLOG(WARNING) << "serviceaccount-token: no service account private key; legacy token Secrets stay empty";
    return nullptr;
  }
  auto key = serviceaccount::PrivateKey::FromPem(ctx.options.service_account_private_key_pem);
  if (!key.ok()) {
    KLOG(ERROR) << "serviceaccount-token: " << key.status().ToString();
    return nullptr;
  }
  auto sync = std::make_shared<TokensSync>(ctx, std::move(*key));
  auto controller = std::make_unique<KeyedController>(
      "serviceaccount-token", ctx, std::vector<client::Informer*>{&sync->secrets(), &sync->accounts()},
      [sync](const std::string& key) { return sync->Sync(key); });
  auto queue = controller->queue();
  auto on_account = [queue](const client::ObjectPtr& o) { queue->Add(AccountKey(*o)); };
  sync->accounts().AddEventHandler({
      .on_add = on_account,
      .on_update = [on_account](const client::ObjectPtr&, const client::ObjectPtr& o) { on_account(o); },
      .on_delete = on_account,
  });
  auto on_secret = [queue](const client::ObjectPtr& o) {
    if (IsTokenSecret(*o)) queue->Add(SecretKey(*o));
  };
  sync->secrets().AddEventHandler({
      .on_add = on_secret,
      .on_update = [on_secret](const client::ObjectPtr&, const client::ObjectPtr& o) { on_secret(o); },
      .on_delete = on_secret,
  });
  return controller;
}

}  // namespace

ControllerRegistration MakeServiceAccountTokenRegistration() {
  return {.name = "serviceaccount-token", .enabled_by_default = true, .create = CreateTokensController};
}

}  // namespace kubepp::controllers
