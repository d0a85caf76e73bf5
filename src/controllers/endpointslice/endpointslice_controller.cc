#include "controllers/endpointslice/endpointslice.h"

#include <algorithm>
#include <functional>
#include <map>

#include <boost/json/serialize.hpp>

#include "client/informer.h"
#include "controllers/endpoints/endpoints.h"
#include "controllers/common/pod_util.h"
#include "controllers/endpoints/service_pods.h"
#include "controllers/endpoints/service_triggers.h"
#include "controllers/endpointslice/slice_tracker.h"
#include "controllers/util/keyed_controller.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

const client::Resource& SlicesResource() {
  static const client::Resource r = client::Resource::Of("discovery.k8s.io", "endpointslices");
  return r;
}

struct PortGroup {
  boost::json::array ports;
  std::vector<boost::json::object> endpoints;
};

// The zone of the pod's node (topology.kubernetes.io/zone), "" when unknown.
using ZoneOf = std::function<std::string(std::string_view node)>;

boost::json::object Endpoint(const boost::json::object& pod, const boost::json::object& service, const ZoneOf& zone_of) {
  const bool publish = util::BoolAt(service, {"spec", "publishNotReadyAddresses"}, false);
  const bool terminating = util::HasDeletionTimestamp(pod);
  const bool serving = common::IsPodReady(pod);
  bool ready = publish || serving;
  // A terminating pod is never "ready" unless the Service publishes not-ready pods.
  if (terminating && !publish) ready = false;
  boost::json::object ep{{"addresses", boost::json::array{util::StringAt(pod, {"status", "podIP"})}},
                         {"conditions", boost::json::object{{"ready", ready}, {"serving", serving}, {"terminating", terminating}}}};
  if (auto host = EndpointHostname(pod, service); !host.empty()) ep["hostname"] = host;
  ep["targetRef"] = boost::json::object{{"kind", "Pod"},
                                        {"namespace", client::NamespaceOf(pod)},
                                        {"name", client::NameOf(pod)},
                                        {"uid", client::UidOf(pod)}};
  if (auto node = util::StringAt(pod, {"spec", "nodeName"}); !node.empty()) {
    ep["nodeName"] = node;
    if (auto zone = zone_of(node); !zone.empty()) ep["zone"] = zone;
  }
  return ep;
}

// Endpoints grouped by their resolved ports, keyed by the ports' JSON text.
std::map<std::string, PortGroup> DesiredGroups(const boost::json::object& service,
                                              const std::vector<client::ObjectPtr>& pods, const ZoneOf& zone_of) {
  std::map<std::string, PortGroup> groups;
  const auto* svc_ports = util::ArrayAt(service, {"spec", "ports"});
  for (const auto& pod_ptr : pods) {
    const auto& pod = *pod_ptr;
    if (!SelectorMatches(service, pod) || !ShouldPodBeInEndpoints(pod, /*include_terminating=*/true)) continue;
    boost::json::array ports;
    if (svc_ports) {
      for (const auto& sp : *svc_ports) {
        const auto* port = sp.if_object();
        if (!port) continue;
        auto number = FindPort(pod, *port);
        if (!number || *number <= 0) continue;
        auto proto = util::StringAt(*port, {"protocol"});
        boost::json::object p{{"name", util::StringAt(*port, {"name"})},
                              {"port", *number},
                              {"protocol", proto.empty() ? "TCP" : proto}};
        if (auto app = util::StringAt(*port, {"appProtocol"}); !app.empty()) p["appProtocol"] = app;
        ports.push_back(std::move(p));
      }
    }
    auto& g = groups[boost::json::serialize(ports)];
    g.ports = std::move(ports);
    g.endpoints.push_back(Endpoint(pod, service, zone_of));
  }
  for (auto& [key, g] : groups) {
    std::sort(g.endpoints.begin(), g.endpoints.end(), [](const auto& a, const auto& b) {
      return std::make_pair(util::StringAt(a, {"targetRef", "name"}), util::StringAt(a, {"targetRef", "uid"})) <
             std::make_pair(util::StringAt(b, {"targetRef", "name"}), util::StringAt(b, {"targetRef", "uid"}));
    });
  }
  if (groups.empty()) groups["[]"] = PortGroup{};  // the placeholder slice
  return groups;
}

boost::json::object DesiredLabels(const boost::json::object& service) {
  boost::json::object labels;
  if (const auto* l = util::LabelsOf(service)) labels = *l;
  labels[kServiceNameLabel] = client::NameOf(service);
  labels[kManagedByLabel] = kManagedByValue;
  if (IsHeadless(service)) labels[kHeadlessLabel] = "";
  return labels;
}

std::string PortsKey(const boost::json::object& slice) {
  const auto* ports = util::ArrayAt(slice, {"ports"});
  return ports ? boost::json::serialize(*ports) : "[]";
}

class SliceSync {
 public:
  SliceSync(ControllerContext& ctx, client::Informer& services, client::Informer& pods, client::Informer& slices,
            client::Informer& nodes, std::shared_ptr<ServiceTriggers> triggers)
      : client_(ctx.client),
        services_(services),
        pods_(pods),
        slices_(slices),
        nodes_(nodes),
        triggers_(std::move(triggers)) {}

  Status operator()(const std::string& key) {
    auto [ns, name] = client::SplitKey(key);
    auto trigger = triggers_->Take(key);
    auto service = services_.Get(key);
    // A deleted Service's slices go with it: they are owned by it.
    if (!service || !HasSelector(*service) || util::HasDeletionTimestamp(*service)) {
      tracker_.Forget(key);
      return Status::Ok();
    }

    std::vector<client::ObjectPtr> mine;
    for (const auto& s : slices_.ListNamespace(ns)) {
      if (util::StringAt(*s, {"metadata", "labels", kServiceNameLabel}) == name &&
          util::StringAt(*s, {"metadata", "labels", kManagedByLabel}) == kManagedByValue) {
        mine.push_back(s);
      }
    }
    // Our last writes have not reached the cache: their events requeue us.
    if (tracker_.Stale(key, mine)) return Status::Ok();
    std::map<std::string, std::vector<client::ObjectPtr>> existing;  // by ports key
    for (const auto& s : mine) existing[PortsKey(*s)].push_back(s);
    auto labels = DesiredLabels(*service);
    ZoneOf zone_of = [this](std::string_view node_name) -> std::string {
      auto node = nodes_.Get(node_name);
      return node ? std::string(util::StringAt(*node, {"metadata", "labels", "topology.kubernetes.io/zone"})) : "";
    };
    for (auto& [ports_key, group] : DesiredGroups(*service, pods_.ListNamespace(ns), zone_of)) {
      auto& reusable = existing[ports_key];
      size_t next_reuse = 0;
      for (size_t start = 0; start == 0 || start < group.endpoints.size(); start += kMaxEndpointsPerSlice) {
        boost::json::array chunk;
        for (size_t i = start; i < std::min(group.endpoints.size(), start + kMaxEndpointsPerSlice); ++i) {
          chunk.push_back(group.endpoints[i]);
        }
        client::ObjectPtr current = next_reuse < reusable.size() ? reusable[next_reuse++] : nullptr;
        KUBEPP_RETURN_IF_ERROR(Write(key, *service, current, group.ports, std::move(chunk), labels, trigger));
      }
      reusable.erase(reusable.begin(), reusable.begin() + static_cast<long>(next_reuse));
    }
    for (const auto& [ports_key, left] : existing) {
      for (const auto& s : left) {
        auto deleted = client_.Delete(SlicesResource(), ns, client::NameOf(*s));
        if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
        tracker_.Deleted(key, std::string(client::NameOf(*s)));
      }
    }
    return Status::Ok();
  }

 private:
  Status Write(const std::string& key, const boost::json::object& service, const client::ObjectPtr& current,
               const boost::json::array& ports,
               boost::json::array endpoints, const boost::json::object& labels,
               std::optional<Clock::TimePoint> trigger) {
    std::string ns(client::NamespaceOf(service));
    if (current) {
      const auto* have_eps = util::ArrayAt(*current, {"endpoints"});
      const auto* have_labels = util::LabelsOf(*current);
      bool same = (have_eps ? *have_eps == endpoints : endpoints.empty()) && have_labels && *have_labels == labels;
      if (same) return Status::Ok();
      boost::json::object next = *current;
      Fill(next, ports, std::move(endpoints), labels, trigger);
      auto updated = client_.Update(SlicesResource(), ns, next);
      if (updated.ok()) Remember(key, **updated);
      return updated.ok() || updated.status().IsNotFound() ? Status::Ok() : updated.status();
    }
    boost::json::object slice{
        {"apiVersion", "discovery.k8s.io/v1"},
        {"kind", "EndpointSlice"},
        {"metadata",
         boost::json::object{
             {"generateName", std::string(client::NameOf(service)) + "-"},
             {"namespace", ns},
             {"ownerReferences", boost::json::array{boost::json::object{{"apiVersion", "v1"},
                                                                        {"kind", "Service"},
                                                                        {"name", client::NameOf(service)},
                                                                        {"uid", client::UidOf(service)},
                                                                        {"controller", true},
                                                                        {"blockOwnerDeletion", true}}}}}},
        {"addressType", "IPv4"}};
    Fill(slice, ports, std::move(endpoints), labels, trigger);
    auto created = client_.Create(SlicesResource(), ns, slice);
    if (!created.ok()) return created.status();
    Remember(key, **created);
    return Status::Ok();
  }

  void Remember(const std::string& key, const boost::json::object& written) {
    tracker_.Wrote(key, std::string(client::NameOf(written)), util::IntAt(written, {"metadata", "generation"}, 0));
  }

  static void Fill(boost::json::object& slice, const boost::json::array& ports, boost::json::array endpoints,
                   const boost::json::object& labels, std::optional<Clock::TimePoint> trigger) {
    auto& meta = util::MutableObject(slice, "metadata");
    meta["labels"] = labels;
    if (trigger) util::MutableObject(meta, "annotations")[kLastChangeTriggerTime] = util::FormatTime(*trigger);
    slice["endpoints"] = std::move(endpoints);
    slice["ports"] = ports;
  }

  client::ApiClient& client_;
  client::Informer& services_;
  client::Informer& pods_;
  client::Informer& slices_;
  client::Informer& nodes_;
  std::shared_ptr<ServiceTriggers> triggers_;
  SliceTracker tracker_;
};

std::unique_ptr<Controller> CreateEndpointSliceController(ControllerContext& ctx) {
  auto& services = ctx.informers.For(client::Resource::Of("", "services"));
  auto& pods = ctx.informers.For(client::Resource::Of("", "pods"));
  auto& slices = ctx.informers.For(SlicesResource());
  auto& nodes = ctx.informers.For(client::Resource::Of("", "nodes"));
  std::shared_ptr<client::WorkQueue> queue = client::WorkQueue::Create("endpoint_slice", ctx.clock);
  auto triggers = std::make_shared<ServiceTriggers>(ctx.clock, queue);
  ServiceTriggers::Wire(triggers, services, pods);
  // Any slice event resyncs its Service: someone else changed it, or our own
  // write reached the cache (see SliceTracker).
  auto on_slice = [queue](const client::ObjectPtr& s) {
    if (util::StringAt(*s, {"metadata", "labels", kManagedByLabel}) != kManagedByValue) return;
    auto svc = util::StringAt(*s, {"metadata", "labels", kServiceNameLabel});
    if (!svc.empty()) queue->Add(client::MakeKey(client::NamespaceOf(*s), svc));
  };
  slices.AddEventHandler({
      .on_add = on_slice,
      .on_update = [on_slice](const client::ObjectPtr&, const client::ObjectPtr& s) { on_slice(s); },
      .on_delete = on_slice,
  });
  auto sync = std::make_shared<SliceSync>(ctx, services, pods, slices, nodes, triggers);
  return std::make_unique<KeyedController>(
      "endpointslice", ctx, std::vector<client::Informer*>{&services, &pods, &slices, &nodes},
      [sync](const std::string& key) { return (*sync)(key); }, queue);
}

}  // namespace

ControllerRegistration MakeEndpointSliceRegistration() {
  return {.name = "endpointslice", .enabled_by_default = true, .create = CreateEndpointSliceController};
}

}  // namespace kubepp::controllers
