// Namespaces, config maps, secrets, service accounts, resource quotas and
// component statuses.
#include <map>
#include <string>

#include "api/printers/json_fields.h"
#include "api/printers/printer.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

long long Size(const object& o, std::string_view key) {
  const value* v = Find(o, key);
  if (v && v->is_object()) return static_cast<long long>(v->get_object().size());
  if (v && v->is_array()) return static_cast<long long>(v->get_array().size());
  return 0;
}

boost::json::array NamespaceCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(Str(Obj(ctx.obj, "status"), "phase")), value(Age(ctx))};
}

boost::json::array ConfigMapCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(Size(ctx.obj, "data") + Size(ctx.obj, "binaryData")),
          value(Age(ctx))};
}

boost::json::array SecretCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(Str(ctx.obj, "type")), value(Size(ctx.obj, "data")),
          value(Age(ctx))};
}

boost::json::array ServiceAccountCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(Size(ctx.obj, "secrets")), value(Age(ctx))};
}

// "<resource>: <used>/<hard>, ..." in resource name order, limits.* apart.
boost::json::array ResourceQuotaCells(const PrintContext& ctx) {
  const object& status = Obj(ctx.obj, "status");
  const object& used = Obj(status, "used");
  std::map<std::string, const value*> hard;
  for (const auto& kv : Obj(status, "hard")) hard[std::string(kv.key())] = &kv.value();
  std::string requests, limits;
  for (const auto& [resource, quantity] : hard) {
    std::string& column = resource.rfind("limits.", 0) == 0 ? limits : requests;
    if (!column.empty()) column += ", ";
    column += resource + ": " + QuantityText(Find(used, resource)) + "/" + QuantityText(quantity);
  }
  return {value(Name(ctx.obj)), value(requests), value(limits), value(Age(ctx))};
}

boost::json::array ComponentStatusCells(const PrintContext& ctx) {
  std::string status = "Unknown", message, error;
  for (const value& c : Arr(ctx.obj, "conditions")) {
    const object& cond = AsObj(c);
    if (Str(cond, "type") != "Healthy") continue;
    status = Str(cond, "status") == "True" ? "Healthy" : "Unhealthy";
    message = Str(cond, "message");
    error = Str(cond, "error");
    break;
  }
  return {value(Name(ctx.obj)), value(status), value(message), value(error)};
}

}  // namespace

void RegisterConfigPrinters(PrinterMap& m) {
  m[{"", "namespaces"}] = Printer{
      {NameColumn(), {"Status", "string", "", "The status of the namespace", 0}, AgeColumn()},
      NamespaceCells};
  m[{"", "configmaps"}] =
      Printer{{NameColumn(),
               {"Data", "string", "", "Data contains the configuration data.", 0},
               AgeColumn()},
              ConfigMapCells};
  m[{"", "secrets"}] = Printer{
      {NameColumn(),
       {"Type", "string", "", "Used to facilitate programmatic handling of secret data.", 0},
       {"Data", "string", "",
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', "
        "'_' or '.'.",
        0},
       AgeColumn()},
      SecretCells};
  m[{"", "serviceaccounts"}] = Printer{
      {NameColumn(),
       {"Secrets", "string", "",
        "Secrets is a list of the secrets in the same namespace that pods running using this "
        "ServiceAccount are allowed to use.",
        0},
       AgeColumn()},
      ServiceAccountCells};
  m[{"", "resourcequotas"}] = Printer{
      {NameColumn(),
       {"Request", "string", "",
        "Request represents a minimum amount of cpu/memory that a container may consume.", 0},
       {"Limit", "string", "",
        "Limits control the maximum amount of cpu/memory that a container may use independent of "
        "contention on the node.",
        0},
       AgeColumn()},
      ResourceQuotaCells};
  m[{"", "componentstatuses"}] =
      Printer{{NameColumn(),
               {"Status", "string", "", "Status of the component conditions", 0},
               {"Message", "string", "", "Message of the component conditions", 0},
               {"Error", "string", "", "Error of the component conditions", 0}},
              ComponentStatusCells};
}

}  // namespace kubepp::api::printers
