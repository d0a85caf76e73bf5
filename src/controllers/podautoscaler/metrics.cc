#include "controllers/podautoscaler/metrics.h"

#include "api/quantity/quantity.h"
#include "controllers/common/fields.h"

namespace kubepp::controllers::podautoscaler {

namespace {

const client::Resource& PodMetricsResource() {
  static const client::Resource r = client::Resource::Of("metrics.k8s.io", "v1beta1", "pods");
  return r;
}

class ApiMetricsSource : public MetricsSource {
 public:
  explicit ApiMetricsSource(client::ApiClient& c) : client_(c) {}

  StatusOr<std::map<std::string, int64_t>> PodUsageMilli(const std::string& ns, const api::LabelSelector& selector,
                                                         const std::string& resource) override {
    const std::string prefix = "unable to get metrics for resource " + resource + ": ";
    client::ListOptions options;
    options.label_selector = selector.String();
    auto list = client_.List(PodMetricsResource(), ns, options);
    if (!list.ok()) {
      return Status(list.status().reason(),
                    prefix + "unable to fetch metrics from resource metrics API: " + list.status().message());
    }
    if (list->items.empty()) return Status::NotFound(prefix + "no metrics returned from resource metrics API");
    std::map<std::string, int64_t> usage;
    for (const client::ObjectPtr& item : list->items) {
      const auto* containers = common::ValueAt(*item, {"containers"});
      if (containers == nullptr || !containers->is_array() || containers->as_array().empty()) continue;
      int64_t sum = 0;
      bool missing = false;
      for (const auto& c : containers->as_array()) {
        const auto* value = c.is_object() ? common::ValueAt(c.as_object(), {"usage", resource}) : nullptr;
        auto q = value != nullptr && value->is_string() ? api::Quantity::Parse(value->as_string())
                                                         : StatusOr<api::Quantity>(Status::NotFound(""));
        if (!q.ok()) {
          missing = true;
          break;
        }
        sum += q->MilliValue();
      }
      if (!missing) usage[common::StrAt(*item, {"metadata", "name"})] = sum;
    }
    return usage;
  }

 private:
  client::ApiClient& client_;
};

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

std::unique_ptr<MetricsSource> ApiMetrics(client::ApiClient& client) {
  return std::make_unique<ApiMetricsSource>(client);
}
std::unique_ptr<MetricsSource> NoMetrics() { return std::make_unique<NoMetricsSource>(); }
std::unique_ptr<ScaleClient> ApiScaleClient(client::ApiClient& client) { return std::make_unique<ApiScale>(client); }

}  // namespace kubepp::controllers::podautoscaler
