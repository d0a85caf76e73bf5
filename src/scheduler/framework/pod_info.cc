#include "scheduler/framework/pod_info.h"

#include <ctime>

#include "scheduler/framework/json_read.h"

namespace kubepp::scheduler::framework {

namespace {

using boost::json::object;

// Adds one container's requests; `non_zero` gets the scoring defaults for
// cpu/memory the container leaves unset.
void ContainerRequests(const object& c, Resource* req, Resource* non_zero) {
  const object* requests = ObjectAt(ObjectAt(&c, "resources"), "requests");
  *req = ResourceFromList(requests);
  *non_zero = Resource();
  non_zero->milli_cpu = Has(requests, "cpu") ? req->milli_cpu : kDefaultMilliCpuRequest;
  non_zero->memory = Has(requests, "memory") ? req->memory : kDefaultMemoryRequest;
}

// Upstream's PodRequests: app containers summed; init containers run one at
// a time, each alongside the restartable (sidecar) init containers started
// before it; sidecars also run alongside the app containers.
void ComputeRequests(const object* spec, PodInfo* p) {
  Resource sum, sum_nz, init_max, init_max_nz, sidecars, sidecars_nz;
  Resource r, nz;
  ForEachObject(spec, "containers", [&](const object& c) {
    ContainerRequests(c, &r, &nz);
    sum.Add(r);
    sum_nz.Add(nz);
  });
  ForEachObject(spec, "initContainers", [&](const object& c) {
    ContainerRequests(c, &r, &nz);
    if (StringAt(&c, "restartPolicy") == "Always") {
      sum.Add(r);
      sum_nz.Add(nz);
      sidecars.Add(r);
      sidecars_nz.Add(nz);
      r = sidecars;
      nz = sidecars_nz;
    } else {
      r.Add(sidecars);
      nz.Add(sidecars_nz);
    }
    init_max.SetMax(r);
    init_max_nz.SetMax(nz);
  });
  sum.SetMax(init_max);
  sum_nz.SetMax(init_max_nz);
  Resource overhead = ResourceFromList(ObjectAt(spec, "overhead"));
  sum.Add(overhead);
  sum_nz.Add(overhead);
  p->requests = std::move(sum);
  p->non_zero_milli_cpu = sum_nz.milli_cpu;
  p->non_zero_memory = sum_nz.memory;
}

AffinityTerm ParseAffinityTerm(const object& t, const std::string& pod_ns) {
  AffinityTerm term;
  if (const object* sel = ObjectAt(&t, "labelSelector")) {
    StatusOr<api::LabelSelector> s = api::LabelSelector::FromObject(*sel);
    if (s.ok()) {
      term.selector = std::move(*s);
    } else {
      // An unparsable selector selects nothing: "!<key>" on a key no pod has.
      term.selector = *api::LabelSelector::Parse("!kubepp.invalid/selector");
    }
  } else {
    // A nil labelSelector matches no pod.
    term.selector = *api::LabelSelector::Parse("!kubepp.invalid/selector");
  }
  if (const boost::json::array* nss = ArrayAt(&t, "namespaces")) {
    for (const auto& v : *nss) {
      if (const auto* s = v.if_string()) term.namespaces.emplace_back(*s);
    }
  }
  if (const object* nsel = ObjectAt(&t, "namespaceSelector")) {
    StatusOr<api::LabelSelector> s = api::LabelSelector::FromObject(*nsel);
    if (s.ok()) term.namespace_selector = std::move(*s);
  }
  if (term.namespaces.empty() && !term.namespace_selector) term.namespaces.push_back(pod_ns);
  term.topology_key = StringAt(&t, "topologyKey");
  return term;
}

void ParsePodAffinity(const object* aff, const std::string& ns, std::vector<AffinityTerm>* required,
                      std::vector<WeightedAffinityTerm>* preferred) {
  ForEachObject(aff, "requiredDuringSchedulingIgnoredDuringExecution",
                [&](const object& t) { required->push_back(ParseAffinityTerm(t, ns)); });
  ForEachObject(aff, "preferredDuringSchedulingIgnoredDuringExecution", [&](const object& w) {
    const object* t = ObjectAt(&w, "podAffinityTerm");
    if (t == nullptr) return;
    preferred->push_back({static_cast<int32_t>(IntAt(&w, "weight")), ParseAffinityTerm(*t, ns)});
  });
}

void ParseAffinity(const object* spec, PodInfo* p) {
  const object* aff = ObjectAt(spec, "affinity");
  if (aff == nullptr) return;
  if (const object* na = ObjectAt(aff, "nodeAffinity")) {
    if (const object* req = ObjectAt(na, "requiredDuringSchedulingIgnoredDuringExecution")) {
      p->required_node_affinity = ParseNodeSelector(*req);
    }
    ForEachObject(na, "preferredDuringSchedulingIgnoredDuringExecution", [&](const object& w) {
      const object* pref = ObjectAt(&w, "preference");
      if (pref == nullptr) return;
      p->preferred_node_affinity.push_back({static_cast<int32_t>(IntAt(&w, "weight")), ParseNodeSelectorTerm(*pref)});
    });
  }
  ParsePodAffinity(ObjectAt(aff, "podAffinity"), p->ns, &p->required_affinity, &p->preferred_affinity);
  ParsePodAffinity(ObjectAt(aff, "podAntiAffinity"), p->ns, &p->required_anti_affinity,
                   &p->preferred_anti_affinity);
}

void ParseSpread(const object* spec, PodInfo* p) {
  ForEachObject(spec, "topologySpreadConstraints", [&](const object& c) {
    TopologySpreadConstraint t;
    t.max_skew = static_cast<int32_t>(IntAt(&c, "maxSkew", 1));
    t.topology_key = StringAt(&c, "topologyKey");
    t.do_not_schedule = StringAt(&c, "whenUnsatisfiable") != "ScheduleAnyway";
    if (const object* sel = ObjectAt(&c, "labelSelector")) {
      StatusOr<api::LabelSelector> s = api::LabelSelector::FromObject(*sel);
      if (s.ok()) t.selector = std::move(*s);
    } else {
      t.selector = *api::LabelSelector::Parse("!kubepp.invalid/selector");
    }
    // matchLabelKeys: the pod's own values for those keys join the selector.
    if (const boost::json::array* keys = ArrayAt(&c, "matchLabelKeys")) {
      std::string extra = t.selector.String();
      for (const auto& k : *keys) {
        const auto* s = k.if_string();
        if (s == nullptr) continue;
        auto it = p->labels.find(std::string_view(*s));
        if (it == p->labels.end()) continue;
        if (!extra.empty()) extra += ",";
        extra += it->first + "=" + it->second;
      }
      StatusOr<api::LabelSelector> s = api::LabelSelector::Parse(extra);
      if (s.ok()) t.selector = std::move(*s);
    }
    t.min_domains = static_cast<int32_t>(IntAt(&c, "minDomains", 1));
    t.honor_node_affinity = StringAt(&c, "nodeAffinityPolicy") != "Ignore";
    t.honor_node_taints = StringAt(&c, "nodeTaintsPolicy") == "Honor";
    p->spread_constraints.push_back(std::move(t));
  });
}

}  // namespace

Clock::TimePoint ParseTime(std::string_view text) {
  std::tm tm{};
  int y, mo, d, h, mi, s;
  std::string buf(text);
  if (std::sscanf(buf.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6) return {};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return Clock::TimePoint(std::chrono::seconds(timegm(&tm)));
}

std::string NormalizeImageName(std::string_view image) {
  size_t slash = image.rfind('/');
  std::string_view last = slash == std::string_view::npos ? image : image.substr(slash + 1);
  if (last.find(':') == std::string_view::npos && image.find('@') == std::string_view::npos) {
    return std::string(image) + ":latest";
  }
  return std::string(image);
}

PodInfoPtr ParsePod(client::ObjectPtr pod, const PriorityResolver* resolver) {
  auto p = std::make_shared<PodInfo>();
  const object* meta = ObjectAt(pod.get(), "metadata");
  const object* spec = ObjectAt(pod.get(), "spec");
  const object* status = ObjectAt(pod.get(), "status");
  p->ns = StringAt(meta, "namespace");
  p->name = StringAt(meta, "name");
  p->uid = StringAt(meta, "uid");
  p->key = p->ns + "/" + p->name;
  p->labels = LabelsFrom(ObjectAt(meta, "labels"));
  p->terminating = Has(meta, "deletionTimestamp");
  p->creation = ParseTime(StringAt(meta, "creationTimestamp"));
  p->start_time = Has(status, "startTime") ? ParseTime(StringAt(status, "startTime")) : p->creation;
  ForEachObject(meta, "ownerReferences", [&](const object& o) {
    if (BoolAt(&o, "controller")) p->has_controller_owner = true;
  });
  p->node_name = StringAt(spec, "nodeName");
  p->scheduler_name = StringAt(spec, "schedulerName");
  if (p->scheduler_name.empty()) p->scheduler_name = "default-scheduler";
  p->priority = static_cast<int32_t>(IntAt(spec, "priority"));
  if (!Has(spec, "priority") && resolver != nullptr && *resolver) {
    std::string_view cls = StringAt(spec, "priorityClassName");
    if (!cls.empty()) {
      if (std::optional<int32_t> v = (*resolver)(cls)) p->priority = *v;
    }
  }
  p->preemption_policy = StringAt(spec, "preemptionPolicy");
  if (p->preemption_policy.empty()) p->preemption_policy = "PreemptLowerPriority";
  p->nominated_node_name = StringAt(status, "nominatedNodeName");
  p->phase = StringAt(status, "phase");

  ComputeRequests(spec, p.get());
  auto container_extras = [&](const object& c) {
    std::string_view image = StringAt(&c, "image");
    if (!image.empty()) p->images.push_back(NormalizeImageName(image));
    ForEachObject(&c, "ports", [&](const object& port) {
      int64_t hp = IntAt(&port, "hostPort");
      if (hp <= 0) return;
      HostPort h{std::string(StringAt(&port, "hostIP")), std::string(StringAt(&port, "protocol")),
                 static_cast<int32_t>(hp)};
      if (h.protocol.empty()) h.protocol = "TCP";
      if (h.ip == "0.0.0.0") h.ip.clear();
      p->host_ports.push_back(std::move(h));
    });
  };
  ForEachObject(spec, "containers", container_extras);
  // Restartable init containers keep their ports for the pod's life, as upstream counts them.
  ForEachObject(spec, "initContainers", [&](const object& c) {
    if (StringAt(&c, "restartPolicy") == "Always") container_extras(c);
  });

  p->node_selector = LabelsFrom(ObjectAt(spec, "nodeSelector"));
  ParseAffinity(spec, p.get());
  ForEachObject(spec, "tolerations", [&](const object& t) {
    Toleration tol{std::string(StringAt(&t, "key")), std::string(StringAt(&t, "operator")),
                   std::string(StringAt(&t, "value")), std::string(StringAt(&t, "effect"))};
    if (tol.op.empty()) tol.op = "Equal";
    p->tolerations.push_back(std::move(tol));
  });
  ParseSpread(spec, p.get());
  ForEachObject(spec, "schedulingGates", [&](const object& g) { p->scheduling_gates.emplace_back(StringAt(&g, "name")); });
  p->object = std::move(pod);
  return p;
}

PodInfoPtr WithNodeName(const PodInfo& pod, const std::string& node) {
  auto p = std::make_shared<PodInfo>(pod);
  p->node_name = node;
  return p;
}

}  // namespace kubepp::scheduler::framework
