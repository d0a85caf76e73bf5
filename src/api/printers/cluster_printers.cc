// Cluster-level kinds of the policy, scheduling, coordination, rbac,
// certificates, admissionregistration, flowcontrol and node groups.
#include <string>
#include <vector>

#include "api/printers/human_duration.h"
#include "api/printers/json_fields.h"
#include "api/printers/label_format.h"
#include "api/printers/printer.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
  return out;
}

boost::json::array PdbCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const value* min_available = Find(spec, "minAvailable");
  const value* max_unavailable = Find(spec, "maxUnavailable");
  return {value(Name(ctx.obj)), value(min_available ? IntOrStringText(*min_available) : "N/A"),
          value(max_unavailable ? IntOrStringText(*max_unavailable) : "N/A"),
          value(Int(Obj(ctx.obj, "status"), "disruptionsAllowed")), value(Age(ctx))};
}

boost::json::array PriorityClassCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(Int(ctx.obj, "value")), value(Bool(ctx.obj, "globalDefault")),
          value(Age(ctx)), value(Str(ctx.obj, "preemptionPolicy"))};
}

boost::json::array LeaseCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(Str(Obj(ctx.obj, "spec"), "holderIdentity")),
          value(Age(ctx))};
}

// Role and cluster role bindings: ROLE is "Kind/name"; the wide columns list
// users, groups and "namespace/name" service accounts.
boost::json::array BindingCells(const PrintContext& ctx) {
  const object& role_ref = Obj(ctx.obj, "roleRef");
  std::vector<std::string> users, groups, service_accounts;
  for (const value& s : Arr(ctx.obj, "subjects")) {
    const object& subject = AsObj(s);
    const std::string kind = Str(subject, "kind");
    if (kind == "ServiceAccount") {
      service_accounts.push_back(Str(subject, "namespace") + "/" + Str(subject, "name"));
    } else if (kind == "User") {
      users.push_back(Str(subject, "name"));
    } else if (kind == "Group") {
      groups.push_back(Str(subject, "name"));
    }
  }
  return {value(Name(ctx.obj)),      value(Str(role_ref, "kind") + "/" + Str(role_ref, "name")),
          value(Age(ctx)),           value(Join(users, ", ")),
          value(Join(groups, ", ")), value(Join(service_accounts, ", "))};
}

std::string CsrCondition(const object& csr) {
  bool approved = false, denied = false, failed = false;
  for (const value& c : Arr(Obj(csr, "status"), "conditions")) {
    const std::string type = Str(AsObj(c), "type");
    approved |= type == "Approved";
    denied |= type == "Denied";
    failed |= type == "Failed";
  }
  std::string status = denied ? "Denied" : approved ? "Approved" : "Pending";
  if (failed) status += ",Failed";
  if (!Str(Obj(csr, "status"), "certificate").empty()) status += ",Issued";
  return status;
}

boost::json::array CsrCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  std::string signer = Str(spec, "signerName");
  if (signer.empty()) signer = "<none>";
  std::string requested = "<none>";
  if (auto s = OptInt(spec, "expirationSeconds")) {
    requested = HumanDuration(std::chrono::seconds(*s));
  }
  return {value(Name(ctx.obj)),         value(Age(ctx)),  value(signer),
          value(Str(spec, "username")), value(requested), value(CsrCondition(ctx.obj))};
}

boost::json::array WebhookConfigurationCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(static_cast<long long>(Arr(ctx.obj, "webhooks").size())),
          value(Age(ctx))};
}

boost::json::array ValidatingAdmissionPolicyCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  std::string param_kind = "<unset>";
  if (const value* p = Find(spec, "paramKind"); p && p->is_object()) {
    param_kind = Str(p->get_object(), "apiVersion") + "/" + Str(p->get_object(), "kind");
  }
  return {value(Name(ctx.obj)), value(static_cast<long long>(Arr(spec, "validations").size())),
          value(param_kind), value(Age(ctx))};
}

boost::json::array ValidatingAdmissionPolicyBindingCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  std::string param = "<unset>";
  if (const value* p = Find(spec, "paramRef"); p && p->is_object()) {
    const object& ref = p->get_object();
    if (!Str(ref, "name").empty()) {
      // Without a namespace the param may be cluster-scoped or not: "*/name".
      param =
          (Str(ref, "namespace").empty() ? "*" : Str(ref, "namespace")) + "/" + Str(ref, "name");
    } else if (const value* sel = Find(ref, "selector")) {
      param = LabelSelectorString(sel).value_or("<error>");
    }
  }
  return {value(Name(ctx.obj)), value(Str(spec, "policyName")), value(param), value(Age(ctx))};
}

boost::json::array FlowSchemaCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  std::string distinguisher = "<none>";
  if (const value* d = Find(spec, "distinguisherMethod"); d && d->is_object()) {
    distinguisher = Str(d->get_object(), "type");
  }
  std::string missing = "?";
  for (const value& c : Arr(Obj(ctx.obj, "status"), "conditions")) {
    if (Str(AsObj(c), "type") == "Dangling") {
      missing = Str(AsObj(c), "status");
      break;
    }
  }
  return {value(Name(ctx.obj)),
          value(Str(Obj(spec, "priorityLevelConfiguration"), "name")),
          value(Int(spec, "matchingPrecedence")),
          value(distinguisher),
          value(Age(ctx)),
          value(missing)};
}

boost::json::array PriorityLevelCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  value shares("<none>"), queues("<none>"), hand_size("<none>"), queue_length("<none>");
  if (const value* l = Find(spec, "limited"); l && l->is_object()) {
    shares = Int(l->get_object(), "nominalConcurrencyShares");
    const value* q = Find(Obj(l->get_object(), "limitResponse"), "queuing");
    if (q && q->is_object()) {
      queues = Int(q->get_object(), "queues");
      hand_size = Int(q->get_object(), "handSize");
      queue_length = Int(q->get_object(), "queueLengthLimit");
    }
  }
  return {value(Name(ctx.obj)), value(Str(spec, "type")), shares, queues, hand_size,
          queue_length,         value(Age(ctx))};
}

// AVAILABLE is the Available condition's status, "False (Reason)" with a
// reason, "Unknown" without the condition; SERVICE is "Local" or "ns/name".
boost::json::array ApiServiceCells(const PrintContext& ctx) {
  std::string service = "Local";
  if (const value* s = Find(Obj(ctx.obj, "spec"), "service"); s && s->is_object()) {
    service = Str(s->get_object(), "namespace") + "/" + Str(s->get_object(), "name");
  }
  std::string available = "Unknown";
  for (const value& c : Arr(Obj(ctx.obj, "status"), "conditions")) {
    const object& cond = AsObj(c);
    if (Str(cond, "type") != "Available") continue;
    available = Str(cond, "status");
    if (available != "True" && !Str(cond, "reason").empty()) {
      available += " (" + Str(cond, "reason") + ")";
    }
    break;
  }
  return {value(Name(ctx.obj)), value(service), value(available), value(Age(ctx))};
}

boost::json::array RuntimeClassCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(Str(ctx.obj, "handler")), value(Age(ctx))};
}

Column Str0(std::string name, std::string description) {
  return {std::move(name), "string", "", std::move(description), 0};
}

Column Str1(std::string name, std::string description) {
  return {std::move(name), "string", "", std::move(description), 1};
}

std::vector<Column> BindingColumns(const std::string& what) {
  return {NameColumn(),
          Str0("Role", "RoleRef can only reference a ClusterRole in the global namespace."),
          AgeColumn(),
          Str1("Users", "Users in the " + what),
          Str1("Groups", "Groups in the " + what),
          Str1("ServiceAccounts", "ServiceAccounts in the " + what)};
}

}  // namespace

void RegisterClusterPrinters(PrinterMap& m) {
  m[{"policy", "poddisruptionbudgets"}] =
      Printer{{NameColumn(),
               Str0("Min Available", "The minimum number of pods that must be available."),
               Str0("Max Unavailable", "The maximum number of pods that may be unavailable."),
               {"Allowed Disruptions", "integer", "",
                "Calculated number of pods that may be disrupted at this time.", 0},
               AgeColumn()},
              PdbCells};
  m[{"scheduling.k8s.io", "priorityclasses"}] = Printer{
      {NameColumn(),
       {"Value", "integer", "",
        "value represents the integer value of this priority class. This is the actual priority "
        "that pods receive when they have the name of this class in their pod spec.",
        0},
       {"Global-Default", "boolean", "",
        "globalDefault specifies whether this PriorityClass should be considered as the default "
        "priority for pods that do not have any priority class.",
        0},
       AgeColumn(),
       Str0("PreemptionPolicy",
            "preemptionPolicy is the Policy for preempting pods with lower priority. One of "
            "Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.")},
      PriorityClassCells};
  m[{"coordination.k8s.io", "leases"}] = Printer{
      {NameColumn(),
       Str0("Holder", "holderIdentity contains the identity of the holder of a current lease."),
       AgeColumn()},
      LeaseCells};
  m[{"rbac.authorization.k8s.io", "rolebindings"}] =
      Printer{BindingColumns("roleBinding"), BindingCells};
  m[{"rbac.authorization.k8s.io", "clusterrolebindings"}] =
      Printer{BindingColumns("clusterRoleBinding"), BindingCells};
  m[{"certificates.k8s.io", "certificatesigningrequests"}] = Printer{
      {NameColumn(), AgeColumn(), Str0("SignerName", "Requested signer for the request."),
       Str0("Requestor", "Base64-encoded PKCS#10 CSR data"),
       Str0("RequestedDuration",
            "expirationSeconds is the requested duration of validity of the issued certificate."),
       Str0("Condition", "Conditions applied to the request, such as approval or denial.")},
      CsrCells};
  const std::vector<Column> webhook_columns = {
      NameColumn(),
      {"Webhooks", "integer", "",
       "Webhooks indicates the number of webhooks registered in this configuration", 0},
      AgeColumn()};
  m[{"admissionregistration.k8s.io", "mutatingwebhookconfigurations"}] =
      Printer{webhook_columns, WebhookConfigurationCells};
  m[{"admissionregistration.k8s.io", "validatingwebhookconfigurations"}] =
      Printer{webhook_columns, WebhookConfigurationCells};
  m[{"admissionregistration.k8s.io", "validatingadmissionpolicies"}] = Printer{
      {NameColumn(),
       {"Validations", "integer", "",
        "Validations indicates the number of validation rules defined in this configuration", 0},
       Str0("ParamKind",
            "ParamKind specifies the kind of resources used to parameterize this policy"),
       AgeColumn()},
      ValidatingAdmissionPolicyCells};
  m[{"admissionregistration.k8s.io", "validatingadmissionpolicybindings"}] = Printer{
      {NameColumn(),
       Str0("PolicyName",
            "PolicyName indicates the policy definition which the policy binding binded to"),
       Str0("ParamRef", "ParamRef indicates the param resource which sets the configration param"),
       AgeColumn()},
      ValidatingAdmissionPolicyBindingCells};
  m[{"flowcontrol.apiserver.k8s.io", "flowschemas"}] = Printer{
      {NameColumn(),
       Str0("PriorityLevel",
            "`name` is the name of the priority level configuration being referenced"),
       Str0("MatchingPrecedence",
            "`matchingPrecedence` is used to choose among the FlowSchemas that match a given "
            "request."),
       Str0("DistinguisherMethod",
            "`distinguisherMethod` defines how to compute the flow distinguisher for requests "
            "that match this schema."),
       AgeColumn(),
       Str0("MissingPL", "references a broken or non-existent PriorityLevelConfiguration")},
      FlowSchemaCells};
  m[{"flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations"}] = Printer{
      {NameColumn(),
       Str0("Type",
            "`type` indicates whether this priority level is subject to limitation on "
            "request execution."),
       Str0("NominalConcurrencyShares",
            "`nominalConcurrencyShares` (NCS) contributes to the computation of the "
            "NominalConcurrencyLimit (NominalCL) of this level."),
       Str0("Queues", "`queues` is the number of queues for this priority level."),
       Str0("HandSize",
            "`handSize` is a small positive number that configures the shuffle sharding of "
            "requests into queues."),
       Str0("QueueLengthLimit",
            "`queueLengthLimit` is the maximum number of requests allowed to be waiting in a "
            "given queue of this priority level at a time."),
       AgeColumn()},
      PriorityLevelCells};
  // kube-aggregator's own table convertor, same shape as a print handler.
  m[{"apiregistration.k8s.io", "apiservices"}] = Printer{
      {NameColumn(), Str0("Service", "The reference to the service that hosts this API endpoint."),
       Str0("Available", "Whether this service is available."), AgeColumn()},
      ApiServiceCells};
  m[{"node.k8s.io", "runtimeclasses"}] =
      Printer{{NameColumn(),
               Str0("Handler",
                    "handler specifies the underlying runtime and configuration that the CRI "
                    "implementation will use to handle pods of this class."),
               AgeColumn()},
              RuntimeClassCells};
}

}  // namespace kubepp::api::printers
