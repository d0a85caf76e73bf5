#include <algorithm>
#include <map>

#include <boost/json/serialize.hpp>

#include "client/informer.h"
#include "controllers/endpoints/endpoints.h"
#include "controllers/common/pod_util.h"
#include "controllers/endpoints/service_pods.h"
#include "controllers/endpoints/service_triggers.h"
#include "controllers/util/keyed_controller.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

struct Subset {
  boost::json::array ports;
  std::vector<boost::json::object> ready, not_ready;
};

boost::json::object Address(const boost::json::object& pod, const boost::json::object& service) {
  boost::json::object addr{{"ip", util::StringAt(pod, {"status", "podIP"})}};
  if (auto host = EndpointHostname(pod, service); !host.empty()) addr["hostname"] = host;
  if (auto node = util::StringAt(pod, {"spec", "nodeName"}); !node.empty()) addr["nodeName"] = node;
  addr["targetRef"] = boost::json::object{{"kind", "Pod"},
                                          {"namespace", client::NamespaceOf(pod)},
                                          {"name", client::NameOf(pod)},
                                          {"uid", client::UidOf(pod)}};
  return addr;
}

boost::json::array SortedAddresses(std::vector<boost::json::object> addrs) {
  std::sort(addrs.begin(), addrs.end(), [](const auto& a, const auto& b) {
    auto ka = std::make_pair(util::StringAt(a, {"ip"}), util::StringAt(a, {"targetRef", "uid"}));
    auto kb = std::make_pair(util::StringAt(b, {"ip"}), util::StringAt(b, {"targetRef", "uid"}));
    return ka < kb;
  });
  boost::json::array out;
  for (auto& a : addrs) out.push_back(std::move(a));
  return out;
}

boost::json::array DesiredSubsets(const boost::json::object& service, const std::vector<client::ObjectPtr>& pods) {
  const bool publish = util::BoolAt(service, {"spec", "publishNotReadyAddresses"}, false);
  const auto* svc_ports = util::ArrayAt(service, {"spec", "ports"});
  std::map<std::string, Subset> by_ports;
  for (const auto& pod_ptr : pods) {
    const auto& pod = *pod_ptr;
    if (!SelectorMatches(service, pod) || !ShouldPodBeInEndpoints(pod, publish)) continue;
    boost::json::array ports;
    if (svc_ports && !svc_ports->empty()) {
      for (const auto& sp : *svc_ports) {
        const auto* port = sp.if_object();
        if (!port) continue;
        auto number = FindPort(pod, *port);
        if (!number || *number <= 0) continue;
        boost::json::object ep;
        if (auto name = util::StringAt(*port, {"name"}); !name.empty()) ep["name"] = name;
        ep["port"] = *number;
        auto proto = util::StringAt(*port, {"protocol"});
        ep["protocol"] = proto.empty() ? "TCP" : proto;
        if (auto app = util::StringAt(*port, {"appProtocol"}); !app.empty()) ep["appProtocol"] = app;
        ports.push_back(std::move(ep));
      }
      if (ports.empty()) continue;  // none of the Service's ports exist on this pod
    } else if (!IsHeadless(service)) {
      continue;  // a port-less Service has endpoints only when headless
    }
    auto& subset = by_ports[boost::json::serialize(ports)];
    subset.ports = ports;
    (publish || common::IsPodReady(pod) ? subset.ready : subset.not_ready).push_back(Address(pod, service));
  }
  boost::json::array subsets;
  for (auto& [key, s] : by_ports) {
    boost::json::object out;
    if (!s.ready.empty()) out["addresses"] = SortedAddresses(std::move(s.ready));
    if (!s.not_ready.empty()) out["notReadyAddresses"] = SortedAddresses(std::move(s.not_ready));
    if (!s.ports.empty()) out["ports"] = std::move(s.ports);
    subsets.push_back(std::move(out));
  }
  return subsets;
}

// An Endpoints object holds at most this many addresses (ready and not);
// beyond it the list is cut and marked, as upstream does.
constexpr size_t kMaxEndpointsCapacity = 1000;
constexpr std::string_view kOverCapacity = "endpoints.kubernetes.io/over-capacity";

size_t CountAt(const boost::json::value& subset, std::string_view which) {
  const auto* a = subset.as_object().if_contains(which);
  return a && a->is_array() ? a->get_array().size() : 0;
}

void KeepFirst(boost::json::object& subset, std::string_view which, size_t n) {
  auto* a = subset.if_contains(which);
  if (!a || !a->is_array()) return;
  auto& arr = a->as_array();
  if (arr.size() > n) arr.erase(arr.begin() + static_cast<long>(n), arr.end());
  if (arr.empty()) subset.erase(which);
}

// Cuts `subsets` to kMaxEndpointsCapacity addresses; true when it had to.
// Not-ready addresses go first; if the ready ones alone are too many, they
// are cut too. Each subset keeps a share proportional to its size.
bool Truncate(boost::json::array& subsets) {
  size_t ready = 0, not_ready = 0;
  for (const auto& s : subsets) {
    ready += CountAt(s, "addresses");
    not_ready += CountAt(s, "notReadyAddresses");
  }
  if (ready + not_ready <= kMaxEndpointsCapacity) return false;
  const bool cut_ready = ready > kMaxEndpointsCapacity;
  const size_t budget = cut_ready ? kMaxEndpointsCapacity : kMaxEndpointsCapacity - ready;
  const size_t total = cut_ready ? ready : not_ready;
  const char* which = cut_ready ? "addresses" : "notReadyAddresses";
  size_t left = budget;
  for (auto& s : subsets) {
    auto& subset = s.as_object();
    size_t share = (CountAt(s, which) * budget + total - 1) / total;  // rounded up
    KeepFirst(subset, which, std::min(share, left));
    if (cut_ready) KeepFirst(subset, "notReadyAddresses", 0);
    left -= CountAt(s, which);
  }
  return true;
}

boost::json::object DesiredLabels(const boost::json::object& service) {
  boost::json::object labels;
  if (const auto* l = util::LabelsOf(service)) labels = *l;
  if (IsHeadless(service)) labels[kHeadlessLabel] = "";
  return labels;
}

class EndpointsSync {
 public:
  EndpointsSync(ControllerContext& ctx, client::Informer& services, client::Informer& pods,
                client::Informer& endpoints, std::shared_ptr<ServiceTriggers> triggers)
      : client_(ctx.client), services_(services), pods_(pods), endpoints_(endpoints), triggers_(std::move(triggers)) {}

  Status operator()(const std::string& key) {
    auto [ns, name] = client::SplitKey(key);
    auto trigger = triggers_->Take(key);
    auto service = services_.Get(key);
    if (!service) {
      auto deleted = client_.Delete(kEndpoints(), ns, name);
      return deleted.ok() || deleted.status().IsNotFound() ? Status::Ok() : deleted.status();
    }
    if (!HasSelector(*service)) return Status::Ok();
    auto subsets = DesiredSubsets(*service, pods_.ListNamespace(ns));
    auto labels = DesiredLabels(*service);
    const bool truncated = Truncate(subsets);
    auto current = endpoints_.Get(key);
    return Write(ns, name, current, std::move(subsets), std::move(labels), trigger, truncated, /*retry=*/true);
  }

 private:
  // `current` is what the cache holds (nullptr: none). A create that finds
  // the object already there (the cache lags behind) retries once as an
  // update of the live object.
  Status Write(std::string_view ns, std::string_view name, const client::ObjectPtr& current,
               boost::json::array subsets, boost::json::object labels, std::optional<Clock::TimePoint> trigger,
               bool truncated, bool retry) {
    if (current) {
      const auto* have = util::ArrayAt(*current, {"subsets"});
      const auto* have_labels = util::LabelsOf(*current);
      bool same_subsets = have ? *have == subsets : subsets.empty();
      bool same_labels = have_labels ? *have_labels == labels : labels.empty();
      bool same_capacity =
          (util::AnnotationsOf(*current) && util::AnnotationsOf(*current)->if_contains(kOverCapacity)) == truncated;
      if (same_subsets && same_labels && same_capacity) return Status::Ok();
      boost::json::object next = *current;
      Fill(next, subsets, labels, trigger, truncated);
      auto updated = client_.Update(kEndpoints(), ns, next);
      return updated.ok() ? Status::Ok() : updated.status();
    }
    boost::json::object next{{"apiVersion", "v1"},
                             {"kind", "Endpoints"},
                             {"metadata", boost::json::object{{"name", name}, {"namespace", ns}}}};
    Fill(next, subsets, labels, trigger, truncated);
    auto created = client_.Create(kEndpoints(), ns, next);
    if (created.ok()) return Status::Ok();
    if (!created.status().IsAlreadyExists() || !retry) return created.status();
    auto live = client_.Get(kEndpoints(), ns, name);
    if (!live.ok()) return live.status();
    return Write(ns, name, *live, std::move(subsets), std::move(labels), trigger, truncated, /*retry=*/false);
  }

  static const client::Resource& kEndpoints() {
    static const client::Resource r = client::Resource::Of("", "endpoints");
    return r;
  }

  static void Fill(boost::json::object& ep, boost::json::array subsets, boost::json::object labels,
                   std::optional<Clock::TimePoint> trigger, bool truncated) {
    auto& meta = util::MutableObject(ep, "metadata");
    if (labels.empty()) {
      meta.erase("labels");
    } else {
      meta["labels"] = std::move(labels);
    }
    if (trigger) util::MutableObject(meta, "annotations")[kLastChangeTriggerTime] = util::FormatTime(*trigger);
    if (truncated) {
      util::MutableObject(meta, "annotations")[kOverCapacity] = "truncated";
    } else if (auto* ann = meta.if_contains("annotations"); ann && ann->is_object()) {
      ann->as_object().erase(kOverCapacity);
    }
    if (subsets.empty()) {
      ep.erase("subsets");
    } else {
      ep["subsets"] = std::move(subsets);
    }
  }

  client::ApiClient& client_;
  client::Informer& services_;
  client::Informer& pods_;
  client::Informer& endpoints_;
  std::shared_ptr<ServiceTriggers> triggers_;
};

std::unique_ptr<Controller> CreateEndpointsController(ControllerContext& ctx) {
  auto& services = ctx.informers.For(client::Resource::Of("", "services"));
  auto& pods = ctx.informers.For(client::Resource::Of("", "pods"));
  auto& endpoints = ctx.informers.For(client::Resource::Of("", "endpoints"));
  std::shared_ptr<client::WorkQueue> queue = client::WorkQueue::Create("endpoint", ctx.clock);
  auto triggers = std::make_shared<ServiceTriggers>(ctx.clock, queue);
  ServiceTriggers::Wire(triggers, services, pods);
  // Endpoints someone else changed or deleted are put back.
  auto on_endpoints = [queue](const client::ObjectPtr& ep) { queue->Add(client::KeyOf(*ep)); };
  endpoints.AddEventHandler({
      .on_add = nullptr,
      .on_update = [on_endpoints](const client::ObjectPtr&, const client::ObjectPtr& ep) { on_endpoints(ep); },
      .on_delete = on_endpoints,
  });
  auto sync = std::make_shared<EndpointsSync>(ctx, services, pods, endpoints, triggers);
  auto controller = std::make_unique<KeyedController>(
      "endpoint", ctx, std::vector<client::Informer*>{&services, &pods, &endpoints},
      [sync](const std::string& key) { return (*sync)(key); }, queue);
  return controller;
}

}  // namespace

ControllerRegistration MakeEndpointsRegistration() {
  return {.name = "endpoint", .enabled_by_default = true, .create = CreateEndpointsController};
}

}  // namespace kubepp::controllers
