// networking.k8s.io: ingresses (CLASS HOSTS ADDRESS PORTS AGE), ingress
// classes and network policies.
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

// Up to three rule hosts, "*" when no rule names one. Like upstream, the
// "+ N more..." count is over rules, host or not.
std::string HostsText(const boost::json::array& rules) {
  constexpr size_t kMax = 3;
  std::vector<std::string> list;
  bool more = false;
  for (const value& r : rules) {
    if (list.size() == kMax) more = true;
    const std::string host = Str(AsObj(r), "host");
    if (!more && !host.empty()) list.push_back(host);
  }
  if (list.empty()) return "*";
  std::string ret;
  for (size_t i = 0; i < list.size(); ++i) ret += (i ? "," : "") + list[i];
  if (more) ret += " + " + std::to_string(rules.size() - kMax) + " more...";
  return ret;
}

std::string AddressText(const object& lb_status) {
  std::set<std::string> result;
  for (const value& v : Arr(lb_status, "ingress")) {
    const object& ing = AsObj(v);
    if (!Str(ing, "ip").empty()) {
      result.insert(Str(ing, "ip"));
    } else if (!Str(ing, "hostname").empty()) {
      result.insert(Str(ing, "hostname"));
    }
  }
  std::string out;
  for (const std::string& s : result) out += (out.empty() ? "" : ",") + s;
  return out;
}

boost::json::array IngressCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  return {value(Name(ctx.obj)),
          value(OptStr(spec, "ingressClassName").value_or("<none>")),
          value(HostsText(Arr(spec, "rules"))),
          value(AddressText(Obj(Obj(ctx.obj, "status"), "loadBalancer"))),
          value(Arr(spec, "tls").empty() ? "80" : "80, 443"),
          value(Age(ctx))};
}

boost::json::array IngressClassCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  std::string parameters = "<none>";
  if (const value* p = Find(spec, "parameters"); p && p->is_object()) {
    const object& params = p->get_object();
    parameters = Str(params, "kind");
    if (auto group = OptStr(params, "apiGroup")) parameters += "." + *group;
    parameters += "/" + Str(params, "name");
  }
  return {value(Name(ctx.obj)), value(Str(spec, "controller")), value(parameters), value(Age(ctx))};
}

boost::json::array NetworkPolicyCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)),
          value(FormatLabelSelector(Find(Obj(ctx.obj, "spec"), "podSelector"))), value(Age(ctx))};
}

}  // namespace

void RegisterNetworkingPrinters(PrinterMap& m) {
  m[{"networking.k8s.io", "ingresses"}] = Printer{
      {NameColumn(),
       {"Class", "string", "",
        "The name of the IngressClass resource that should be used for additional configuration",
        0},
       {"Hosts", "string", "",
        "Hosts that incoming requests are matched against before the ingress rule", 0},
       {"Address", "string", "",
        "Address is a list containing ingress points for the load-balancer", 0},
       {"Ports", "string", "", "Ports of TLS configurations that open", 0},
       AgeColumn()},
      IngressCells};
  m[{"networking.k8s.io", "ingressclasses"}] = Printer{
      {NameColumn(),
       {"Controller", "string", "", "Controller that is responsible for handling this class", 0},
       {"Parameters", "string", "", "A reference to a resource with additional parameters", 0},
       AgeColumn()},
      IngressClassCells};
  m[{"networking.k8s.io", "networkpolicies"}] =
      Printer{{NameColumn(),
               {"Pod-Selector", "string", "",
                "Selects the pods to which this NetworkPolicy object applies.", 0},
               AgeColumn()},
              NetworkPolicyCells};
}

}  // namespace kubepp::api::printers
