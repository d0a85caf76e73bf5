// Services, endpoints and endpoint slices. PORT(S) is "80/TCP" or
// "80:30080/TCP" with a node port; EXTERNAL-IP depends on the service type
// ("<none>", "<pending>" for a load balancer without an address yet, the
// external name). Endpoint lists show the first three entries and
// " + N more...".
#include <set>
#include <string>
#include <vector>

#include "api/printers/json_fields.h"
#include "api/printers/label_format.h"
#include "api/printers/printer.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

constexpr size_t kMaxListed = 3;

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::vector<std::string> Strings(const boost::json::array& a) {
  std::vector<std::string> out;
  for (const value& v : a) out.push_back(v.is_string() ? std::string(v.get_string()) : "");
  return out;
}

// IPs (or else hostnames) of a load balancer status, sorted and de-duplicated.
std::string LoadBalancerText(const object& lb_status) {
  std::set<std::string> result;
  for (const value& v : Arr(lb_status, "ingress")) {
    const object& ing = AsObj(v);
    if (!Str(ing, "ip").empty()) {
      result.insert(Str(ing, "ip"));
    } else if (!Str(ing, "hostname").empty()) {
      result.insert(Str(ing, "hostname"));
    }
  }
  return Join(std::vector<std::string>(result.begin(), result.end()), ",");
}

std::string ExternalIp(const object& svc) {
  const object& spec = Obj(svc, "spec");
  const std::string type = Str(spec, "type");
  const std::vector<std::string> external_ips = Strings(Arr(spec, "externalIPs"));
  if (type == "ClusterIP" || type == "NodePort") {
    return external_ips.empty() ? "<none>" : Join(external_ips, ",");
  }
  if (type == "LoadBalancer") {
    const std::string lb = LoadBalancerText(Obj(Obj(svc, "status"), "loadBalancer"));
    if (!external_ips.empty()) {
      std::vector<std::string> all;
      if (!lb.empty()) all.push_back(lb);
      all.insert(all.end(), external_ips.begin(), external_ips.end());
      return Join(all, ",");
    }
    return lb.empty() ? "<pending>" : lb;
  }
  if (type == "ExternalName") return Str(spec, "externalName");
  return "<unknown>";
}

std::string PortsText(const object& spec) {
  std::vector<std::string> pieces;
  for (const value& v : Arr(spec, "ports")) {
    const object& p = AsObj(v);
    const std::string protocol = OptStr(p, "protocol").value_or("TCP");
    const long long node_port = Int(p, "nodePort");
    std::string piece = std::to_string(Int(p, "port"));
    if (node_port > 0) piece += ":" + std::to_string(node_port);
    pieces.push_back(piece + "/" + protocol);
  }
  return pieces.empty() ? "<none>" : Join(pieces, ",");
}

boost::json::array ServiceCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  std::string cluster_ip = "<none>";
  if (const auto& ips = Arr(spec, "clusterIPs"); !ips.empty() && ips[0].is_string()) {
    cluster_ip = std::string(ips[0].get_string());
  } else if (!Str(spec, "clusterIP").empty()) {
    cluster_ip = Str(spec, "clusterIP");
  }
  return {value(Name(ctx.obj)),
          value(Str(spec, "type")),
          value(cluster_ip),
          value(ExternalIp(ctx.obj)),
          value(PortsText(spec)),
          value(Age(ctx)),
          value(FormatLabels(Find(spec, "selector")))};
}

std::string HostPort(const std::string& host, long long port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::string MoreText(const std::vector<std::string>& list, bool more, size_t count) {
  std::string ret = Join(list, ",");
  if (more) ret += " + " + std::to_string(count - kMaxListed) + " more...";
  return ret;
}

std::string EndpointsText(const object& ep) {
  const boost::json::array& subsets = Arr(ep, "subsets");
  if (subsets.empty()) return "<none>";
  std::vector<std::string> list;
  bool more = false;
  size_t count = 0;
  for (const value& s : subsets) {
    const object& subset = AsObj(s);
    const boost::json::array& addresses = Arr(subset, "addresses");
    const boost::json::array& ports = Arr(subset, "ports");
    if (ports.empty()) {
      // Headless services may have no ports.
      count += addresses.size();
      for (const value& a : addresses) {
        if (list.size() == kMaxListed) {
          more = true;
          break;
        }
        list.push_back(Str(AsObj(a), "ip"));
      }
      continue;
    }
    for (const value& p : ports) {
      count += addresses.size();
      for (const value& a : addresses) {
        if (list.size() == kMaxListed) {
          more = true;
          break;
        }
        list.push_back(HostPort(Str(AsObj(a), "ip"), Int(AsObj(p), "port")));
      }
    }
  }
  return MoreText(list, more, count);
}

boost::json::array EndpointsCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(EndpointsText(ctx.obj)), value(Age(ctx))};
}

// Upstream's listWithMoreString: "<unset>" when nothing is listed.
std::string ListWithMore(const std::vector<std::string>& list, bool more, size_t count) {
  std::string ret = MoreText(list, more, count);
  return ret.empty() ? "<unset>" : ret;
}

boost::json::array EndpointSliceCells(const PrintContext& ctx) {
  std::vector<std::string> ports;
  bool more_ports = false;
  size_t port_count = 0;
  for (const value& v : Arr(ctx.obj, "ports")) {
    const object& p = AsObj(v);
    if (ports.size() < kMaxListed) {
      std::string text = "*";
      if (auto n = OptInt(p, "port")) {
        text = std::to_string(*n);
      } else if (auto name = OptStr(p, "name")) {
        text = *name;
      }
      ports.push_back(text);
    } else {
      more_ports = true;
    }
    ++port_count;
  }
  std::vector<std::string> addresses;
  bool more_addresses = false;
  size_t address_count = 0;
  for (const value& e : Arr(ctx.obj, "endpoints")) {
    for (const value& a : Arr(AsObj(e), "addresses")) {
      if (addresses.size() < kMaxListed) {
        addresses.push_back(a.is_string() ? std::string(a.get_string()) : "");
      } else {
        more_addresses = true;
      }
      ++address_count;
    }
  }
  return {value(Name(ctx.obj)), value(Str(ctx.obj, "addressType")),
          value(ListWithMore(ports, more_ports, port_count)),
          value(ListWithMore(addresses, more_addresses, address_count)), value(Age(ctx))};
}

}  // namespace

void RegisterServicePrinters(PrinterMap& m) {
  m[{"", "services"}] = Printer{
      {NameColumn(),
       {"Type", "string", "",
        "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are "
        "ExternalName, ClusterIP, NodePort, and LoadBalancer.",
        0},
       {"Cluster-IP", "string", "",
        "clusterIP is the IP address of the service and is usually assigned randomly.", 0},
       {"External-IP", "string", "",
        "externalIPs is a list of IP addresses for which nodes in the cluster will also accept "
        "traffic for this service.",
        0},
       {"Port(s)", "string", "", "The list of ports that are exposed by this service.", 0},
       AgeColumn(),
       {"Selector", "string", "",
        "Route service traffic to pods with label keys and values matching this selector.", 1}},
      ServiceCells};
  m[{"", "endpoints"}] = Printer{
      {NameColumn(),
       {"Endpoints", "string", "",
        "The set of all endpoints is the union of all subsets. Addresses are placed into subsets "
        "according to the IPs they share.",
        0},
       AgeColumn()},
      EndpointsCells};
  m[{"discovery.k8s.io", "endpointslices"}] = Printer{
      {NameColumn(),
       {"AddressType", "string", "",
        "addressType specifies the type of address carried by this EndpointSlice.", 0},
       {"Ports", "string", "",
        "ports specifies the list of network ports exposed by each endpoint in this slice.", 0},
       {"Endpoints", "string", "", "endpoints is a list of unique endpoints in this slice.", 0},
       AgeColumn()},
      EndpointSliceCells};
}

}  // namespace kubepp::api::printers
