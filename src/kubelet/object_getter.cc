#include "kubelet/object_getter.h"

#include <string>

#include "client/resource.h"

namespace kubepp::kubelet {
namespace {

class ApiObjectGetter : public ObjectGetter {
 public:
  explicit ApiObjectGetter(client::ApiClient& client) : client_(client) {}

  // ObjectGetter
  StatusOr<client::ObjectPtr> Get(ObjectKind kind, std::string_view ns,
                                  std::string_view name) override {
    switch (kind) {
      case ObjectKind::kConfigMap:
        return Reworded(client_.Get(client::Resource::Of("", "configmaps"), ns, name), "configmap",
                        name);
      case ObjectKind::kSecret:
        return Reworded(client_.Get(client::Resource::Of("", "secrets"), ns, name), "secret", name);
      case ObjectKind::kPersistentVolumeClaim:
        return client_.Get(client::Resource::Of("", "persistentvolumeclaims"), ns, name);
      case ObjectKind::kPersistentVolume:
        return client_.Get(client::Resource::Of("", "persistentvolumes"), "", name);
    }
    return Status::Internal("unknown object kind");
  }

 private:
  // The kubelet's configmap and secret managers answer NotFound with the
  // singular resource name; keep every other failure as the server sent it.
  static StatusOr<client::ObjectPtr> Reworded(StatusOr<client::ObjectPtr> got,
                                              std::string_view resource, std::string_view name) {
    if (got.ok() || !got.status().IsNotFound()) return got;
    std::string msg(resource);
    msg += " \"";
    msg += name;
    msg += "\" not found";
    return Status::NotFound(std::move(msg));
  }

  client::ApiClient& client_;
};

}  // namespace

std::unique_ptr<ObjectGetter> NewApiObjectGetter(client::ApiClient& client) {
  return std::make_unique<ApiObjectGetter>(client);
}

}  // namespace kubepp::kubelet
