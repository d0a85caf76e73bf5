#include "controllers/podautoscaler/metrics.h"

#include "controllers/common/fields.h"

namespace kubepp::controllers::podautoscaler {

namespace {

class NoMetricsSource : public MetricsSource {
 public:
  StatusOr<std::map<std::string, int64_t>> PodUsageMilli(const std::string&, const api::LabelSelector&,
                                                         const std::string& resource) override {
    return Status::NotFound("unable to get metrics for resource " + resource +
                            ": no metrics returned from resource metrics API");
  }
};

// The resource a scaleTargetRef names; NotFound for kinds without a scale subresource.
StatusOr<client::Resource> ResourceOf(const TargetRef& t) {
  std::string group = t.api_version.find('/') == std::string::npos ? "" : t.api_version.substr(0, t.api_version.find('/'));
  if (group == "apps" && t.kind == "Deployment") return client::Resource::Of("apps", "deployments");
  if (group == "apps" && t.kind == "ReplicaSet") return client::Resource::Of("apps", "replicasets");
  if (group == "apps" && t.kind == "StatefulSet") return client::Resource::Of("apps", "statefulsets");
  if (group.empty() && t.kind == "ReplicationController") return client::Resource::Of("", "replicationcontrollers");
  return Status::NotFound("no matches for kind \"" + t.kind + "\" in group \"" + group + "\"");
}

class ApiScale : public ScaleClient {
 public:
  explicit ApiScale(client::ApiClient& c) : client_(c) {}

  StatusOr<Scale> Get(const std::string& ns, const TargetRef& target) override {
    auto r = ResourceOf(target);
    if (!r.ok()) return r.status();
    auto obj = client_.Get(*r, ns, target.name);
    if (!obj.ok()) return obj.status();
    Scale s;
    s.spec_replicas = common::IntAt(**obj, {"spec", "replicas"}).value_or(1);
    s.status_replicas = common::IntAt(**obj, {"status", "replicas"}).value_or(0);
    if (const auto* sel = common::ObjAt(**obj, {"spec", "selector"})) {
      if (target.kind == "ReplicationController") {
        boost::json::object wrapped;
        wrapped["matchLabels"] = *sel;
        if (auto parsed = api::LabelSelector::FromObject(wrapped); parsed.ok()) s.selector = parsed->String();
      } else if (auto parsed = api::LabelSelector::FromObject(*sel); parsed.ok()) {
        s.selector = parsed->String();
      }
    }
    return s;
  }

  Status SetReplicas(const std::string& ns, const TargetRef& target, int64_t replicas) override {
    auto r = ResourceOf(target);
    if (!r.ok()) return r.status();
    auto patched = client_.Patch(*r, ns, target.name, client::PatchType::kMerge,
                                 "{\"spec\":{\"replicas\":" + std::to_string(replicas) + "}}", "scale");
    return patched.ok() ? Status::Ok() : patched.status();
  }

 private:
  client::ApiClient& client_;
};

}  // namespace

std::unique_ptr<MetricsSource> NoMetrics() { return std::make_unique<NoMetricsSource>(); }
std::unique_ptr<ScaleClient> ApiScaleClient(client::ApiClient& client) { return std::make_unique<ApiScale>(client); }

}  // namespace kubepp::controllers::podautoscaler
