// "root-ca-cert-publisher": every namespace holds the ConfigMap
// kube-root-ca.crt whose ca.crt is the cluster CA, so pods can verify the
// apiserver at kubernetes.default.svc. Any change to that ConfigMap (or its
// deletion) enqueues the namespace and the publisher writes it back.
#include <boost/json/object.hpp>

#include "client/object.h"
#include "controllers/util/keyed_controller.h"
#include "controllers/serviceaccount/serviceaccount.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

constexpr std::string_view kConfigMapName = "kube-root-ca.crt";
constexpr std::string_view kDescriptionAnnotation = "kubernetes.io/description";
// The text upstream's publisher writes; tools compare it.
constexpr std::string_view kDescription =
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as "
    "the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of "
    "Kubernetes clusters.";

bool UpToDate(const boost::json::object& cm, const std::string& ca) {
  const auto* data = util::ObjectAt(cm, {"data"});
  if (!data || data->size() != 1 || util::StringAt(cm, {"data", "ca.crt"}) != ca) return false;
  const auto* ann = util::AnnotationsOf(cm);
  return ann && ann->if_contains(kDescriptionAnnotation);
}

std::unique_ptr<Controller> CreateRootCaPublisher(ControllerContext& ctx) {
  auto& namespaces = ctx.informers.For(client::Resource::Of("", "namespaces"));
  auto& configmaps = ctx.informers.For(client::Resource::Of("", "configmaps"));
  auto* client = &ctx.client;
  std::string ca = ctx.options.root_ca_pem;
  auto sync = [client, ca, &namespaces, &configmaps](const std::string& ns) -> Status {
    if (ca.empty()) return Status::Ok();
    auto namespace_obj = namespaces.Get(ns);
    if (!namespace_obj || util::HasDeletionTimestamp(*namespace_obj)) return Status::Ok();
    const auto cms = client::Resource::Of("", "configmaps");
    auto current = configmaps.Get(ns, kConfigMapName);
    if (!current) {
      boost::json::object cm{
          {"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", boost::json::object{{"name", kConfigMapName},
                                           {"namespace", ns},
                                           {"annotations", boost::json::object{{kDescriptionAnnotation, kDescription}}}}},
          {"data", boost::json::object{{"ca.crt", ca}}}};
      auto created = client->Create(cms, ns, cm);
      if (created.ok() || created.status().IsAlreadyExists() || created.status().reason() == Reason::kForbidden) {
        return Status::Ok();
      }
      return created.status();
    }
    if (UpToDate(*current, ca)) return Status::Ok();
    boost::json::object cm = *current;
    cm["data"] = boost::json::object{{"ca.crt", ca}};
    util::MutableObject(util::MutableObject(cm, "metadata"), "annotations")[kDescriptionAnnotation] = kDescription;
    auto updated = client->Update(cms, ns, cm);
    if (updated.ok() || updated.status().IsNotFound()) return Status::Ok();
    return updated.status();
  };
  auto controller = std::make_unique<KeyedController>(
      "root-ca-cert-publisher", ctx, std::vector<client::Informer*>{&namespaces, &configmaps}, std::move(sync));
  auto queue = controller->queue();
  namespaces.AddEventHandler({
      .on_add = [queue](const client::ObjectPtr& o) { queue->Add(std::string(client::NameOf(*o))); },
      .on_update = [queue](const client::ObjectPtr&, const client::ObjectPtr& o) {
        queue->Add(std::string(client::NameOf(*o)));
      },
      .on_delete = nullptr,
  });
  auto on_cm = [queue](const client::ObjectPtr& o) {
    if (client::NameOf(*o) == kConfigMapName) queue->Add(std::string(client::NamespaceOf(*o)));
  };
  configmaps.AddEventHandler({
      .on_add = on_cm,
      .on_update = [on_cm](const client::ObjectPtr&, const client::ObjectPtr& o) { on_cm(o); },
      .on_delete = on_cm,
  });
  return controller;
}

}  // namespace

ControllerRegistration MakeRootCaCertPublisherRegistration() {
  return {.name = "root-ca-cert-publisher", .enabled_by_default = true, .create = CreateRootCaPublisher};
}

}  // namespace kubepp::controllers
