// Nodes: STATUS is "Ready", "NotReady" or "Unknown" (no Ready condition),
// with ",SchedulingDisabled" when cordoned; ROLES come from
// node-role.kubernetes.io/<role> label keys and the kubernetes.io/role value.
#include <set>
#include <string>

#include "api/printers/json_fields.h"
#include "api/printers/printer.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

constexpr std::string_view kRolePrefix = "node-role.kubernetes.io/";
constexpr std::string_view kRoleLabel = "kubernetes.io/role";

std::string Roles(const object& node) {
  std::set<std::string> roles;
  for (const auto& kv : Obj(Obj(node, "metadata"), "labels")) {
    const std::string_view key = kv.key();
    const std::string v = kv.value().is_string() ? std::string(kv.value().get_string()) : "";
    if (key.substr(0, kRolePrefix.size()) == kRolePrefix) {
      if (key.size() > kRolePrefix.size())
        roles.insert(std::string(key.substr(kRolePrefix.size())));
    } else if (key == kRoleLabel && !v.empty()) {
      roles.insert(v);
    }
  }
  std::string out;
  for (const std::string& r : roles) out += (out.empty() ? "" : ",") + r;
  return out.empty() ? "<none>" : out;
}

std::string Address(const object& status, std::string_view type) {
  for (const value& a : Arr(status, "addresses")) {
    if (Str(AsObj(a), "type") == type) return Str(AsObj(a), "address");
  }
  return "<none>";
}

std::string OrUnknown(std::string s) { return s.empty() ? "<unknown>" : s; }

boost::json::array NodeCells(const PrintContext& ctx) {
  const object& status = Obj(ctx.obj, "status");
  // The last Ready condition wins, as upstream indexes conditions by type.
  std::string ready_status;
  bool has_ready = false;
  for (const value& c : Arr(status, "conditions")) {
    const object& cond = AsObj(c);
    if (Str(cond, "type") == "Ready") {
      has_ready = true;
      ready_status = Str(cond, "status");
    }
  }
  std::string text = !has_ready ? "Unknown" : ready_status == "True" ? "Ready" : "NotReady";
  if (Bool(Obj(ctx.obj, "spec"), "unschedulable")) text += ",SchedulingDisabled";

  const object& info = Obj(status, "nodeInfo");
  return {value(Name(ctx.obj)),
          value(text),
          value(Roles(ctx.obj)),
          value(Age(ctx)),
          value(Str(info, "kubeletVersion")),
          value(Address(status, "InternalIP")),
          value(Address(status, "ExternalIP")),
          value(OrUnknown(Str(info, "osImage"))),
          value(OrUnknown(Str(info, "kernelVersion"))),
          value(OrUnknown(Str(info, "containerRuntimeVersion")))};
}

}  // namespace

void RegisterNodePrinters(PrinterMap& m) {
  constexpr const char* kAddressesDoc =
      "List of addresses reachable to the node. Queried from cloud provider, if available.";
  m[{"", "nodes"}] = Printer{
      {NameColumn(),
       {"Status", "string", "", "The status of the node", 0},
       {"Roles", "string", "", "The roles of the node", 0},
       AgeColumn(),
       {"Version", "string", "", "Kubelet Version reported by the node.", 0},
       {"Internal-IP", "string", "", kAddressesDoc, 1},
       {"External-IP", "string", "", kAddressesDoc, 1},
       {"OS-Image", "string", "",
        "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
        1},
       {"Kernel-Version", "string", "",
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1},
       {"Container-Runtime", "string", "",
        "ContainerRuntime Version reported by the node through runtime remote API (e.g. "
        "containerd://1.4.2).",
        1}},
      NodeCells,
      // Not status.images, most of a busy node's bytes.
      JsonProjection{"metadata.name", "metadata.labels", "metadata.creationTimestamp",
                     "spec.unschedulable", "status.conditions.type", "status.conditions.status",
                     "status.addresses", "status.nodeInfo"}};
}

}  // namespace kubepp::api::printers
