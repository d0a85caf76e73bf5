// ApiHandler: the REST verbs of every served resource — get, list, watch,
// create, update, patch, delete, deletecollection — and the status, scale,
// ApiHandler: the REST verbs of every served resource — get, list, watch,
// create, update, patch, delete, deletecollection — and the status, scale,
// binding, eviction, (namespaces) finalize and (serviceaccounts) token
// subresources, the ones a kubelet answers (pods/log, exec, attach,
// portforward, nodes/proxy: see kubelet_proxy.h), the authentication reviews,
// with upstream's content negotiation (JSON, YAML bodies; Table output) and
// error Status objects.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "api/resources/catalog.h"
#include "apiserver/authn/authenticator.h"
#include "apiserver/authn/service_account_tokens.h"
#include "apiserver/authn/user_info.h"
#include "apiserver/component_statuses.h"
#include "apiserver/kubelet_proxy.h"
#include "apiserver/registry.h"
#include "apiserver/request_info.h"
#include "apiserver/service_account_wait.h"
#include "apiserver/watch_cache.h"
#include "net/http.h"

namespace kubepp::apiserver {

class ApiHandler {
 public:
  // `tokens` (may be null: then serviceaccounts/token is unavailable and
  // only client certificates authenticate) must outlive the handler.
  explicit ApiHandler(store::Store* store, const authn::ServiceAccountTokens* tokens = nullptr);
  ~ApiHandler();

  // REQUIRES: info.is_resource_request; `user` is who the caller
  // authenticated as.
  void Handle(const RequestInfo& info, const authn::UserInfo& user, net::HttpRequest& req,
              std::shared_ptr<net::Responder> out);

  // Serves the kubelet subresources through `proxy`; without one they answer 503.
  void SetKubeletProxy(std::unique_ptr<KubeletProxy> proxy) { kubelet_proxy_ = std::move(proxy); }

  // Answers componentstatuses/<name> from `check` instead of probing the component's port.
  void SetComponentHealth(const std::string& name, HealthCheck check);

  void SendBookmarks();
  size_t open_watches() const;
  Registry& registry() { return registry_; }
  const authn::RequestAuthenticator& authenticator() const { return authenticator_; }

 private:
  struct Call;
  WatchCache& CacheFor(const api::ResourceInfo& r);

  void Get(Call& c);
  void ComponentStatusesRead(Call& c);
  void List(Call& c);
  void Watch(Call& c);
  void Create(Call& c);
  void Update(Call& c);
  void Patch(Call& c);
  // PATCH with application/apply-patch+yaml: server-side apply, creating the
  // object when it does not exist.
  void Apply(Call& c);
  struct ApplyRequest;
  StatusOr<ApplyRequest> ParseApply(Call& c);
  void Delete(Call& c);
  void DeleteCollection(Call& c);
  void Scale(Call& c);
  // Server-side apply through /scale (apiserver/scale_subresource.h).
  void ApplyScale(Call& c);
  void Finalize(Call& c);
  // Creates `obj`, letting a pod wait briefly for its ServiceAccount.
  void CreateObject(const api::ResourceInfo& r, boost::json::object obj, const WriteOptions& options, WriteDone done);

  Registry registry_;
  std::unique_ptr<KubeletProxy> kubelet_proxy_;  // set before serving
  ComponentStatuses component_statuses_;
  const authn::ServiceAccountTokens* const tokens_;
  const authn::RequestAuthenticator authenticator_;
  mutable std::mutex caches_mu_;
  std::map<std::string, std::unique_ptr<WatchCache>> caches_;  // by store prefix; guarded by caches_mu_
  // Last: held pod creates still use everything above when it lets them go.
  ServiceAccountWaiter service_account_waiter_;
};

}  // namespace kubepp::apiserver
