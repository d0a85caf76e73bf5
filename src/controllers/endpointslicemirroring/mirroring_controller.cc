#include <arpa/inet.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "client/informer.h"
#include "controllers/endpoints/endpoints.h"
#include "controllers/endpoints/service_pods.h"
#include "controllers/endpointslice/endpointslice.h"
#include "controllers/endpointslice/slice_tracker.h"
#include "controllers/endpointslicemirroring/endpointslicemirroring.h"
#include "controllers/util/keyed_controller.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

namespace json = boost::json;

constexpr std::string_view kComponent = "endpoint-slice-mirroring-controller";
constexpr std::string_view kSkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";
constexpr std::string_view kLeaderAnnotation = "control-plane.alpha.kubernetes.io/leader";
constexpr std::string_view kLastAppliedAnnotation =
    "kubectl.kubernetes.io/last-applied-configuration";

const client::Resource& SlicesResource() {
  static const client::Resource r = client::Resource::Of("discovery.k8s.io", "endpointslices");
  return r;
}

// Not the Endpoints of a Service the user asked to leave alone, nor a leader-election lock
// (old components kept theirs in an Endpoints' annotation).
bool ShouldMirror(const json::object& endpoints) {
  if (util::StringAt(endpoints, {"metadata", "labels", kSkipMirrorLabel}) == "true") return false;
  const auto* annotations = util::AnnotationsOf(endpoints);
  return !(annotations && annotations->contains(kLeaderAnnotation));
}

struct Address {
  std::string text;  // as the address family spells it canonically
  std::string type;  // "IPv4" or "IPv6"
};

// An Endpoints address read as an IP, IPv4-mapped IPv6 addresses as IPv4; nothing if it is not one.
std::optional<Address> ParseAddress(std::string_view ip) {
  std::string text(ip);
  char buf[INET6_ADDRSTRLEN];
  in_addr v4;
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return Address{::inet_ntop(AF_INET, &v4, buf, sizeof buf), "IPv4"};
  }
  in6_addr v6;
  if (::inet_pton(AF_INET6, text.c_str(), &v6) != 1) return std::nullopt;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, &v6.s6_addr[12], sizeof v4);
    return Address{::inet_ntop(AF_INET, &v4, buf, sizeof buf), "IPv4"};
  }
  return Address{::inet_ntop(AF_INET6, &v6, buf, sizeof buf), "IPv6"};
}

json::array SlicePorts(const json::array* endpoint_ports) {
  json::array ports;
  if (!endpoint_ports) return ports;
  for (const auto& value : *endpoint_ports) {
    const auto* p = value.if_object();
    if (!p) continue;
    json::object port{{"name", util::StringAt(*p, {"name"})},
                      {"port", util::IntAt(*p, {"port"}, 0)},
                      {"protocol", util::StringAt(*p, {"protocol"})}};
    if (auto app = util::StringAt(*p, {"appProtocol"}); !app.empty()) port["appProtocol"] = app;
    ports.push_back(std::move(port));
  }
  return ports;
}

// Slices of the same address type and the same ports (in any order) are one group.
std::string GroupKey(std::string_view address_type, const json::array& ports) {
  std::vector<std::string> each;
  for (const auto& p : ports) each.push_back(json::serialize(p));
  std::sort(each.begin(), each.end());
  std::string key(address_type);
  for (const auto& p : each) key += "|" + p;
  return key;
}

struct Group {
  std::string address_type;
  json::array ports;
  json::array endpoints;
  std::set<std::string> seen;  // the endpoints' JSON: a repeated address is mirrored once
};

struct Desired {
  std::map<std::string, Group> groups;
  int invalid = 0;  // addresses that are not IPs
  int skipped = 0;  // addresses not mirrored: invalid, or beyond the limit of a subset
};

Desired DesiredGroups(const json::object& endpoints) {
  Desired d;
  const auto* subsets = util::ArrayAt(endpoints, {"subsets"});
  if (!subsets) return d;
  for (const auto& subset_value : *subsets) {
    const auto* subset = subset_value.if_object();
    if (!subset) continue;
    json::array ports = SlicePorts(util::ArrayAt(*subset, {"ports"}));
    // Upstream keys the subset's ports for either family before it reads an address.
    int total = 0, added = 0;
    for (bool ready : {true, false}) {
      const auto* addresses = util::ArrayAt(*subset, {ready ? "addresses" : "notReadyAddresses"});
      if (!addresses) continue;
      for (const auto& address_value : *addresses) {
        ++total;
        const auto* address = address_value.if_object();
        if (added >= kMaxMirroredEndpointsPerSubset || !address) continue;
        auto ip = ParseAddress(util::StringAt(*address, {"ip"}));
        if (!ip) {
          ++d.invalid;
          continue;
        }
        json::object endpoint{{"addresses", json::array{ip->text}},
                              {"conditions", json::object{{"ready", ready}}}};
        if (auto host = util::StringAt(*address, {"hostname"}); !host.empty())
          endpoint["hostname"] = host;
        if (const auto* ref = util::ObjectAt(*address, {"targetRef"})) endpoint["targetRef"] = *ref;
        if (auto node = util::StringAt(*address, {"nodeName"}); !node.empty())
          endpoint["nodeName"] = node;
        Group& g = d.groups[GroupKey(ip->type, ports)];
        if (g.address_type.empty()) {
          g.address_type = ip->type;
          g.ports = ports;
        }
        ++added;
        if (g.seen.insert(json::serialize(endpoint)).second)
          g.endpoints.push_back(std::move(endpoint));
      }
    }
    d.skipped += total - added;
  }
  return d;
}

json::object DesiredLabels(const json::object& endpoints) {
  json::object labels;
  if (const auto* l = util::LabelsOf(endpoints)) labels = *l;
  labels[kServiceNameLabel] = client::NameOf(endpoints);
  labels[kManagedByLabel] = kMirroringManagedByValue;
  return labels;
}

json::object DesiredAnnotations(const json::object& endpoints) {
  json::object annotations;
  if (const auto* a = util::AnnotationsOf(endpoints)) annotations = *a;
  annotations.erase(kLastChangeTriggerTime);
  annotations.erase(kLastAppliedAnnotation);
  return annotations;
}

bool SameField(const json::object& slice, std::string_view key, const json::value& want) {
  const auto* have = slice.if_contains(key);
  return have ? *have == want : want.is_null();
}

class MirrorSync {
 public:
  MirrorSync(ControllerContext& ctx, client::Informer& services, client::Informer& endpoints,
             client::Informer& slices)
      : client_(ctx.client),
        recorder_(ctx.recorder(kComponent)),
        services_(services),
        endpoints_(endpoints),
        slices_(slices) {}

  Status operator()(const std::string& key) {
    auto [ns, name] = client::SplitKey(key);
    std::vector<client::ObjectPtr> mine;
    for (const auto& s : slices_.ListNamespace(ns)) {
      if (util::StringAt(*s, {"metadata", "labels", kServiceNameLabel}) == name &&
          util::StringAt(*s, {"metadata", "labels", kManagedByLabel}) == kMirroringManagedByValue) {
        mine.push_back(s);
      }
    }
    auto endpoints = endpoints_.Get(key);
    auto service = services_.Get(key);
    if (!endpoints || !ShouldMirror(*endpoints) || !service || HasSelector(*service)) {
      tracker_.Forget(key);
      return DeleteAll(ns, mine);
    }
    // Our last writes have not reached the cache: their events requeue us.
    if (tracker_.Stale(key, mine)) return Status::Ok();

    Desired desired = DesiredGroups(*endpoints);
    if (desired.invalid > 0) {
      recorder_.Event(*endpoints, "Warning", "InvalidIPAddress",
                      "Skipped " + std::to_string(desired.invalid) +
                          " invalid IP addresses when mirroring to EndpointSlices");
    }
    if (desired.skipped > desired.invalid) {
      recorder_.Event(*endpoints, "Warning", "TooManyAddressesToMirror",
                      "A max of " + std::to_string(kMaxMirroredEndpointsPerSubset) +
                          " addresses can be mirrored to EndpointSlices per Endpoints subset. " +
                          std::to_string(desired.skipped) + " addresses were skipped");
    }
    std::map<std::string, std::vector<client::ObjectPtr>> existing;
    for (const auto& s : mine) {
      const auto* ports = util::ArrayAt(*s, {"ports"});
      existing[GroupKey(util::StringAt(*s, {"addressType"}), ports ? *ports : json::array())]
          .push_back(s);
    }
    const json::object labels = DesiredLabels(*endpoints);
    const json::object annotations = DesiredAnnotations(*endpoints);
    std::vector<client::ObjectPtr> surplus;
    for (auto& [group_key, have] : existing) {
      auto want = desired.groups.find(group_key);
      size_t keep = want != desired.groups.end() && !want->second.endpoints.empty() ? 1 : 0;
      surplus.insert(surplus.end(), have.begin() + static_cast<long>(std::min(keep, have.size())),
                     have.end());
    }
    for (auto& [group_key, group] : desired.groups) {
      if (group.endpoints.empty()) continue;
      auto have = existing.find(group_key);
      client::ObjectPtr current = have != existing.end() ? have->second.front() : nullptr;
      if (!current && util::HasDeletionTimestamp(*endpoints))
        continue;  // going away: no new slices
      KUBEPP_RETURN_IF_ERROR(Write(key, *endpoints, current, group, labels, annotations));
    }
    return DeleteAll(ns, surplus, key);
  }

 private:
  Status Write(const std::string& key, const json::object& endpoints,
               const client::ObjectPtr& current, const Group& group, const json::object& labels,
               const json::object& annotations) {
    std::string ns(client::NamespaceOf(endpoints));
    json::object slice;
    if (current) {
      if (SameField(*current, "endpoints", group.endpoints) &&
          SameField(*current, "ports", group.ports) &&
          SameField(current->at("metadata").as_object(), "labels", labels) &&
          SameField(current->at("metadata").as_object(), "annotations",
                    annotations.empty() ? json::value() : json::value(annotations))) {
        return Status::Ok();
      }
      slice = *current;
    } else {
      std::string name(client::NameOf(endpoints));
      slice = json::object{
          {"apiVersion", "discovery.k8s.io/v1"},
          {"kind", "EndpointSlice"},
          {"metadata", json::object{{"generateName", name + "-"},
                                    {"namespace", ns},
                                    {"ownerReferences",
                                     json::array{json::object{{"apiVersion", "v1"},
                                                              {"kind", "Endpoints"},
                                                              {"name", name},
                                                              {"uid", client::UidOf(endpoints)},
                                                              {"controller", true},
                                                              {"blockOwnerDeletion", true}}}}}},
          {"addressType", group.address_type}};
    }
    auto& meta = util::MutableObject(slice, "metadata");
    meta["labels"] = labels;
    if (annotations.empty()) {
      meta.erase("annotations");
    } else {
      meta["annotations"] = annotations;
    }
    slice["ports"] = group.ports;
    slice["endpoints"] = group.endpoints;
    auto written = current ? client_.Update(SlicesResource(), ns, slice)
                           : client_.Create(SlicesResource(), ns, slice);
    if (!written.ok())
      return current && written.status().IsNotFound() ? Status::Ok() : written.status();
    tracker_.Wrote(key, std::string(client::NameOf(**written)),
                   util::IntAt(**written, {"metadata", "generation"}, 0));
    return Status::Ok();
  }

  Status DeleteAll(std::string_view ns, const std::vector<client::ObjectPtr>& slices,
                   const std::string& key = "") {
    for (const auto& s : slices) {
      auto deleted = client_.Delete(SlicesResource(), ns, client::NameOf(*s));
      if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
      if (!key.empty()) tracker_.Deleted(key, std::string(client::NameOf(*s)));
    }
    return Status::Ok();
  }

  client::ApiClient& client_;
  client::EventRecorder& recorder_;
  client::Informer& services_;
  client::Informer& endpoints_;
  client::Informer& slices_;
  SliceTracker tracker_;
};

std::unique_ptr<Controller> CreateMirroringController(ControllerContext& ctx) {
  auto& services = ctx.informers.For(client::Resource::Of("", "services"));
  auto& endpoints = ctx.informers.For(client::Resource::Of("", "endpoints"));
  auto& slices = ctx.informers.For(SlicesResource());
  std::shared_ptr<client::WorkQueue> queue =
      client::WorkQueue::Create("endpoint_slice_mirroring", ctx.clock);
  auto enqueue = [queue](const json::object& obj) { queue->Add(client::KeyOf(obj)); };

  // A Service matters when it has no selector, or stops or starts having one.
  services.AddEventHandler({
      .on_add =
          [enqueue](const client::ObjectPtr& s) {
            if (!HasSelector(*s)) enqueue(*s);
          },
      .on_update =
          [enqueue](const client::ObjectPtr& old, const client::ObjectPtr& s) {
            if (HasSelector(*old) != HasSelector(*s)) enqueue(*s);
          },
      .on_delete =
          [enqueue](const client::ObjectPtr& s) {
            if (!HasSelector(*s)) enqueue(*s);
          },
  });
  endpoints.AddEventHandler({
      .on_add =
          [enqueue](const client::ObjectPtr& e) {
            if (ShouldMirror(*e)) enqueue(*e);
          },
      .on_update =
          [enqueue](const client::ObjectPtr& old, const client::ObjectPtr& e) {
            if (ShouldMirror(*old) || ShouldMirror(*e)) enqueue(*e);
          },
      .on_delete =
          [enqueue](const client::ObjectPtr& e) {
            if (ShouldMirror(*e)) enqueue(*e);
          },
  });
  // Any change to a mirrored slice resyncs its Endpoints: someone else changed it, or our own
  // write reached the cache (see SliceTracker).
  auto on_slice = [queue](const client::ObjectPtr& s) {
    if (util::StringAt(*s, {"metadata", "labels", kManagedByLabel}) != kMirroringManagedByValue)
      return;
    auto name = util::StringAt(*s, {"metadata", "labels", kServiceNameLabel});
    if (!name.empty()) queue->Add(client::MakeKey(client::NamespaceOf(*s), name));
  };
  slices.AddEventHandler({
      .on_add = on_slice,
      .on_update =
          [on_slice](const client::ObjectPtr& old, const client::ObjectPtr& s) {
            on_slice(old);  // a slice relabelled away from its Endpoints
            on_slice(s);
          },
      .on_delete = on_slice,
  });
  auto sync = std::make_shared<MirrorSync>(ctx, services, endpoints, slices);
  return std::make_unique<KeyedController>(
      "endpointslicemirroring", ctx, std::vector<client::Informer*>{&services, &endpoints, &slices},
      [sync](const std::string& key) { return (*sync)(key); }, queue);
}

}  // namespace

ControllerRegistration MakeEndpointSliceMirroringRegistration() {
  return {.name = "endpointslicemirroring",
          .enabled_by_default = true,
          .create = CreateMirroringController};
}

}  // namespace kubepp::controllers
