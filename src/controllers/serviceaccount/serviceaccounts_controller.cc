// "serviceaccount": keeps a ServiceAccount named "default" in every active
// namespace. Namespace adds and updates enqueue the namespace; deleting a
// "default" ServiceAccount enqueues its namespace so it comes back.
#include <boost/json/object.hpp>

#include "client/object.h"
#include "controllers/util/keyed_controller.h"
#include "controllers/serviceaccount/serviceaccount.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

constexpr std::string_view kDefaultServiceAccount = "default";

std::unique_ptr<Controller> CreateServiceAccountsController(ControllerContext& ctx) {
  auto& namespaces = ctx.informers.For(client::Resource::Of("", "namespaces"));
  auto& accounts = ctx.informers.For(client::Resource::Of("", "serviceaccounts"));
  auto* client = &ctx.client;
  auto sync = [client, &namespaces, &accounts](const std::string& ns) -> Status {
    auto namespace_obj = namespaces.Get(ns);
    if (!namespace_obj) return Status::Ok();
    // A namespace on its way out gets nothing new (the apiserver would refuse anyway).
    if (util::HasDeletionTimestamp(*namespace_obj) ||
        util::StringAt(*namespace_obj, {"status", "phase"}) == "Terminating") {
      return Status::Ok();
    }
    if (accounts.Get(ns, kDefaultServiceAccount)) return Status::Ok();
    boost::json::object sa{{"apiVersion", "v1"},
                           {"kind", "ServiceAccount"},
                           {"metadata", boost::json::object{{"name", kDefaultServiceAccount}, {"namespace", ns}}}};
    auto created = client->Create(client::Resource::Of("", "serviceaccounts"), ns, sa);
    if (created.ok() || created.status().IsAlreadyExists()) return Status::Ok();
    // The namespace started terminating after the cache showed it active.
    if (created.status().reason() == Reason::kForbidden) return Status::Ok();
    return created.status();
  };
  auto controller = std::make_unique<KeyedController>("serviceaccount", ctx,
                                                                std::vector<client::Informer*>{&namespaces, &accounts},
                                                                std::move(sync));
  auto queue = controller->queue();
  namespaces.AddEventHandler({
      .on_add = [queue](const client::ObjectPtr& o) { queue->Add(std::string(client::NameOf(*o))); },
      .on_update = [queue](const client::ObjectPtr&, const client::ObjectPtr& o) {
        queue->Add(std::string(client::NameOf(*o)));
      },
      .on_delete = nullptr,
  });
  accounts.AddEventHandler({
      .on_add = nullptr,
      .on_update = nullptr,
      .on_delete =
          [queue](const client::ObjectPtr& o) {
            if (client::NameOf(*o) == kDefaultServiceAccount) queue->Add(std::string(client::NamespaceOf(*o)));
          },
  });
  return controller;
}

}  // namespace

ControllerRegistration MakeServiceAccountRegistration() {
  return {.name = "serviceaccount", .enabled_by_default = true, .create = CreateServiceAccountsController};
}

}  // namespace kubepp::controllers
